package io.quiesce.lifecycle.shutdown;

import java.time.Duration;
import java.util.List;

public record ShutdownReport(ShutdownTrigger trigger, List<PhaseResult> phases, long inFlightAtSignal,
                             long servedWhileDraining, Duration total) {

    public ShutdownReport {
        phases = List.copyOf(phases);
    }

    public int exitCode() {
        return phases.stream().allMatch(p -> p.outcome().isClean()) ? 0 : 1;
    }
}
