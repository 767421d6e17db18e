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
    public static final String DELAY_MODE = "quiesce.shutdown.delay.mode";
    public static final String DELAY_MINIMUM = "quiesce.shutdown.delay.minimum";
    public static final String DELAY_QUIET_PERIOD = "quiesce.shutdown.delay.quiet-period";
    public static final String LOG_FORMAT = LogFormat.PROPERTY;

    /** Kubernetes allows far more, but a longer grace period hides a drain that never ends. */
    static final Duration MAX_GRACE = Duration.ofHours(1);

    /** Below this a quiet period only measures the gaps between two requests' connections, not a propagation. */
    static final Duration MIN_QUIET = Duration.ofMillis(100);

    static final Duration MAX_QUIET = Duration.ofMinutes(1);

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
        DelayPolicy policy = delayPolicy(config, delay);
        String rawFormat = config.require(LOG_FORMAT);
        LogFormat format = LogFormat.parse(rawFormat)
                .orElseThrow(() -> ConfigException.invalid(LOG_FORMAT, rawFormat, "text or json"));
        return new LifecycleConfig(new ShutdownConfig(grace, margin, delay, drain, policy), format);
    }

    /**
     * The minimum is capped at the delay, its maximum: whatever the minimum's default, {@code quiesce.shutdown.delay=1s}
     * means at most a second. A quiet period as long as the delay only makes the delay last its maximum.
     */
    private static DelayPolicy delayPolicy(ConfigReader config, Duration delay) {
        String rawMode = config.require(DELAY_MODE);
        DelayMode mode = DelayMode.parse(rawMode)
                .orElseThrow(() -> ConfigException.invalid(DELAY_MODE, rawMode, DelayMode.ALLOWED));
        Duration minimum = config.duration(DELAY_MINIMUM, Duration.ZERO, MAX_GRACE);
        Duration quiet = config.duration(DELAY_QUIET_PERIOD, MIN_QUIET, MAX_QUIET);
        return mode == DelayMode.FIXED
                ? DelayPolicy.fixed()
                : DelayPolicy.traffic(minimum.compareTo(delay) > 0 ? delay : minimum, quiet);
    }
}
