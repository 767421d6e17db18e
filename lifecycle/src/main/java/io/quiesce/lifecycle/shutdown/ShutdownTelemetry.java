package io.quiesce.lifecycle.shutdown;

import io.quiesce.lifecycle.config.ShutdownConfig;
import java.time.Duration;
import java.util.Map;

/**
 * What the sequence tells telemetry as it goes, and the export that must run as its last phase ({@value #EXPORT_PHASE}):
 * the shutdown's spans and metrics are only complete once every other phase has been recorded, and only exported if the
 * process has not exited yet. Kept free of OpenTelemetry types so that the sequence stays testable on its own.
 */
public interface ShutdownTelemetry {

    String EXPORT_PHASE = "telemetry";

    ShutdownTelemetry NONE = new ShutdownTelemetry() {
        @Override
        public Duration exportBudget() {
            return Duration.ZERO;
        }

        @Override
        public Map<String, Long> export(ShutdownReport soFar, Duration timeLeft) {
            return Map.of();
        }
    };

    default void signal(ShutdownTrigger trigger, ShutdownConfig settings, long inFlight) {}

    default void phase(PhaseResult phase) {}

    /** Zero: no export phase at all. */
    Duration exportBudget();

    /** Ends the shutdown's own telemetry with the report so far and exports everything buffered, within {@code timeLeft}. */
    Map<String, Long> export(ShutdownReport soFar, Duration timeLeft) throws Exception;
}
