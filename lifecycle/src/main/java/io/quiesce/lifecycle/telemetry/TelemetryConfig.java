package io.quiesce.lifecycle.telemetry;

import io.quiesce.lifecycle.config.ConfigReader;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** The kernel's own telemetry settings; the SDK itself is configured only through the standard otel.* properties. */
public record TelemetryConfig(Duration shutdownBudget) {

    public static final String SHUTDOWN_BUDGET = "quiesce.telemetry.shutdown-budget";

    /** An export to a collector in the cluster takes milliseconds; more than this is a collector problem, not a budget. */
    static final Duration MAX_BUDGET = Duration.ofSeconds(30);

    public static TelemetryConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-lifecycle");
        return new TelemetryConfig(config.duration(SHUTDOWN_BUDGET, Duration.ofMillis(100), MAX_BUDGET));
    }
}
