package io.quiesce.lifecycle.config;

import io.quiesce.lifecycle.log.LogFormat;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** Validated once at start, so that a bad value stops the application instead of surfacing during a shutdown. */
public record LifecycleConfig(ShutdownConfig shutdown, LogFormat logFormat) {

    public static final String GRACE_PERIOD = "quiesce.shutdown.grace-period";
    public static final String MARGIN = "quiesce.shutdown.margin";
    public static final String DELAY = "quiesce.shutdown.delay";
    public static final String DRAIN_TIMEOUT = "quiesce.shutdown.drain-timeout";
    public static final String LOG_FORMAT = LogFormat.PROPERTY;

    /** Kubernetes allows far more, but a longer grace period hides a drain that never ends. */
    static final Duration MAX_GRACE = Duration.ofHours(1);

    public static LifecycleConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-lifecycle");
        Duration grace = config.duration(GRACE_PERIOD, Duration.ofSeconds(1), MAX_GRACE);
        Duration margin = config.duration(MARGIN, Duration.ZERO, grace);
        Duration available = grace.minus(margin);
        Duration delay = config.duration(DELAY, Duration.ZERO, available);
        Duration drain = config.duration(DRAIN_TIMEOUT, Duration.ZERO, available);
        if (delay.plus(drain).compareTo(available) > 0) {
            throw new ConfigException("Invalid configuration " + DELAY + "='" + Durations.format(delay) + "' + "
                    + DRAIN_TIMEOUT + "='" + Durations.format(drain) + "' = " + Durations.format(delay.plus(drain))
                    + " exceeds " + GRACE_PERIOD + " - " + MARGIN + " = " + Durations.format(available)
                    + ": allowed values are " + DELAY + " + " + DRAIN_TIMEOUT + " <= " + Durations.format(available)
                    + " (raise " + GRACE_PERIOD
                    + " together with the pod's terminationGracePeriodSeconds, or lower the others).");
        }
        String rawFormat = config.require(LOG_FORMAT);
        LogFormat format = LogFormat.parse(rawFormat)
                .orElseThrow(() -> ConfigException.invalid(LOG_FORMAT, rawFormat, "text or json"));
        return new LifecycleConfig(new ShutdownConfig(grace, margin, delay, drain), format);
    }
}
