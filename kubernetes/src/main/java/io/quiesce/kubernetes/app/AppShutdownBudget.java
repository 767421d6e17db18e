package io.quiesce.kubernetes.app;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.DelayMode;
import io.quiesce.lifecycle.config.DelayPolicy;
import io.quiesce.lifecycle.config.Durations;
import io.quiesce.lifecycle.config.LifecycleConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lifecycle kernel's shutdown settings as one pod will see them: each key from the pod's environment when set there
 * (MicroProfile Config's environment source outranks the properties files), otherwise from the modules' defaults.
 */
public record AppShutdownBudget(
        Duration gracePeriod,
        Duration margin,
        Duration delay,
        Duration drainTimeout,
        Map<String, Duration> participantBudgets,
        DelayPolicy delayPolicy) {

    public static final String GRACE_PERIOD = LifecycleConfig.GRACE_PERIOD;
    public static final String MARGIN = LifecycleConfig.MARGIN;
    public static final String DELAY = LifecycleConfig.DELAY;
    public static final String DRAIN_TIMEOUT = LifecycleConfig.DRAIN_TIMEOUT;
    public static final String DELAY_MODE = LifecycleConfig.DELAY_MODE;

    public static AppShutdownBudget resolve(ConfigDefaults defaults, Map<String, String> podEnvironment) {
        Map<String, Duration> budgets = new LinkedHashMap<>();
        defaults.shutdownBudgetKeys().forEach(key -> budgets.put(key, value(key, defaults, podEnvironment)));
        return new AppShutdownBudget(
                value(GRACE_PERIOD, defaults, podEnvironment),
                value(MARGIN, defaults, podEnvironment),
                value(DELAY, defaults, podEnvironment),
                value(DRAIN_TIMEOUT, defaults, podEnvironment),
                Map.copyOf(budgets),
                delayPolicy(defaults, podEnvironment));
    }

    /**
     * The kernel's own reading of the pod's settings, which validates them as the application's start would: a value
     * the kernel refuses throws its {@link ConfigException}, naming the property and the allowed values.
     */
    public static LifecycleConfig kernelConfig(ConfigDefaults defaults, Map<String, String> podEnvironment) {
        return LifecycleConfig.read(key ->
                Optional.of(EnvironmentMapping.lookup(podEnvironment, key).orElseGet(() -> defaults.value(key))));
    }

    /** Lenient: a mode the kernel would refuse reads as fixed here; {@link #kernelConfig} reports it. */
    private static DelayPolicy delayPolicy(ConfigDefaults defaults, Map<String, String> podEnvironment) {
        DelayMode mode =
                DelayMode.parse(raw(DELAY_MODE, defaults, podEnvironment)).orElse(DelayMode.FIXED);
        return mode == DelayMode.FIXED
                ? DelayPolicy.fixed()
                : DelayPolicy.traffic(
                        value(LifecycleConfig.DELAY_MINIMUM, defaults, podEnvironment),
                        value(LifecycleConfig.DELAY_QUIET_PERIOD, defaults, podEnvironment));
    }

    private static String raw(String key, ConfigDefaults defaults, Map<String, String> podEnvironment) {
        return EnvironmentMapping.lookup(podEnvironment, key).orElseGet(() -> defaults.value(key));
    }

    public Duration participantTotal() {
        return participantBudgets.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    private static Duration value(String key, ConfigDefaults defaults, Map<String, String> podEnvironment) {
        return Durations.parse(key, raw(key, defaults, podEnvironment));
    }
}
