package io.quiesce.lifecycle.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Background work that the kernel starts with the application, waits for before the application is ready, and stops in
 * order. Stopping has two steps because such work has no endpoint race to wait for: {@link #stopIntake()} at the first
 * signal, while HTTP is still served, and {@link #stop(Duration)} after the HTTP drain. A participant that overruns is
 * abandoned (interrupted) and the next runs.
 */
public interface LifecycleParticipant {

    /** Lower-case; used in logs, health data and the shutdown report. */
    String name();

    /** Names of the participants this one uses: started before it, stopped after it. A cycle fails the start. */
    default Set<String> dependsOn() {
        return Set.of();
    }

    /** The most this participant's {@link #stop(Duration)} may take; the kernel may grant less when the deadline is near. */
    Duration budget();

    /**
     * Called once while the application starts. Must not block on remote services: start asynchronously and call
     * {@code started} once, when fully started; {@code /health/started} and readiness wait for every participant's call.
     */
    default void start(Runnable started) {
        started.run();
    }

    /** Stops taking new work. Called at the first shutdown signal; must return quickly. */
    default void stopIntake() {}

    /** Finishes or checkpoints in-flight work, then releases resources; interrupted when abandoned after its budget. */
    Map<String, Long> stop(Duration timeLeft) throws Exception;
}
