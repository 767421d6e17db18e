package io.quiesce.kubernetes.app;

import io.quiesce.lifecycle.config.Durations;
import io.quiesce.lifecycle.config.LifecycleConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lifecycle kernel's shutdown settings as one pod will see them: each key from the pod's environment when set there
 * (MicroProfile Config's environment source outranks the properties files), otherwise from the modules' defaults.
 */
public record AppShutdownBudget(
        Duration gracePeriod,
        Duration margin,
        Duration delay,
        Duration drainTimeout,
        Map<String, Duration> participantBudgets) {

    public static final String GRACE_PERIOD = LifecycleConfig.GRACE_PERIOD;
    public static final String MARGIN = LifecycleConfig.MARGIN;
    public static final String DELAY = LifecycleConfig.DELAY;
    public static final String DRAIN_TIMEOUT = LifecycleConfig.DRAIN_TIMEOUT;

    public static AppShutdownBudget resolve(ConfigDefaults defaults, Map<String, String> podEnvironment) {
        Map<String, Duration> budgets = new LinkedHashMap<>();
        defaults.shutdownBudgetKeys().forEach(key -> budgets.put(key, value(key, defaults, podEnvironment)));
        return new AppShutdownBudget(
                value(GRACE_PERIOD, defaults, podEnvironment),
                value(MARGIN, defaults, podEnvironment),
                value(DELAY, defaults, podEnvironment),
                value(DRAIN_TIMEOUT, defaults, podEnvironment),
                Map.copyOf(budgets));
    }

    public Duration participantTotal() {
        return participantBudgets.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    private static Duration value(String key, ConfigDefaults defaults, Map<String, String> podEnvironment) {
        return Durations.parse(
                key, EnvironmentMapping.lookup(podEnvironment, key).orElseGet(() -> defaults.value(key)));
    }
}
