package io.quiesce.lifecycle.shutdown;

import java.time.Duration;
import java.util.List;

/**
 * What a shutdown did, phase by phase, and the exit code it asks for: 0 when every phase was clean, 1 otherwise.
 *
 * @param inFlightAtSignal    HTTP requests in flight when the first signal arrived
 * @param servedWhileDraining HTTP requests that completed after the first signal
 */
public record ShutdownReport(ShutdownTrigger trigger, List<PhaseResult> phases, long inFlightAtSignal,
                             long servedWhileDraining, Duration total) {

    public ShutdownReport {
        phases = List.copyOf(phases);
    }

    public int exitCode() {
        return phases.stream().allMatch(p -> p.outcome().isClean()) ? 0 : 1;
    }
}
