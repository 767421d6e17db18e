package io.quiesce.lifecycle.async;

import io.quiesce.lifecycle.config.ConfigReader;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * @param shutdownBudget the most the {@code async} participant waits, after the HTTP drain, for tasks still running or
 *                       queued
 * @param executor       JNDI name of the managed executor that {@code @Inject ManagedExecutorService} delegates to
 */
public record AsyncConfig(Duration shutdownBudget, String executor) {

    public static final String SHUTDOWN_BUDGET = "quiesce.async.shutdown-budget";
    public static final String EXECUTOR = "quiesce.async.executor";

    static final String EXECUTOR_ALLOWED =
            "the JNDI name of a managedExecutorService, e.g. java:comp/DefaultManagedExecutorService";
    private static final Pattern JNDI_NAME = Pattern.compile("[A-Za-z][\\w.:/-]{0,254}");

    public static AsyncConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-lifecycle");
        return new AsyncConfig(
                config.duration(SHUTDOWN_BUDGET, Duration.ZERO, Duration.ofMinutes(10)),
                config.matching(EXECUTOR, JNDI_NAME, EXECUTOR_ALLOWED));
    }
}
