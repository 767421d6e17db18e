package io.quiesce.lifecycle.shutdown;

import java.time.Duration;
import java.util.List;

public record ShutdownReport(
        ShutdownTrigger trigger,
        List<PhaseResult> phases,
        long inFlightAtSignal,
        long servedWhileDraining,
        Duration total) {

    public ShutdownReport {
        phases = List.copyOf(phases);
    }

    /**
     * 0 when every phase of the drain ended cleanly. The telemetry export does not count: an unreachable collector is
     * logged as an unclean phase, but must not turn every pod of a rollout into a failed container.
     */
    public int exitCode() {
        return phases.stream()
                        .filter(p -> !p.name().equals(ShutdownTelemetry.EXPORT_PHASE))
                        .allMatch(p -> p.outcome().isClean())
                ? 0
                : 1;
    }
}
