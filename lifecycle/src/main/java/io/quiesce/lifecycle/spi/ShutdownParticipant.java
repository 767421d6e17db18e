package io.quiesce.lifecycle.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A piece of background work (a scheduler, a workflow worker, a connection pool) that the lifecycle kernel starts with the
 * application and stops in order when it shuts down.
 *
 * <p>Implementations are CDI beans (any bean-defining annotation) in the application; the kernel discovers them. Shutdown
 * has two steps because background work has no endpoint race to wait for: {@link #stopIntake()} runs the moment the first
 * shutdown signal arrives (stop taking new work: scheduler standby, worker stops polling) while HTTP traffic keeps being
 * served; {@link #stop(Duration)} runs after the HTTP drain with {@code min(budget(), time left)}. A participant starts
 * after and stops before the ones it {@link #dependsOn()}.
 * A participant that overruns is abandoned (its thread is interrupted) and the next one still runs.
 */
public interface ShutdownParticipant {

    /** Short lower-case name used in logs, health data and the shutdown report, e.g. {@code jobs}. */
    String name();

    /** Names of the participants this one uses: started before it, stopped after it. A cycle fails the start. */
    default Set<String> dependsOn() {
        return Set.of();
    }

    /** The most this participant's {@link #stop(Duration)} may take; the kernel may grant less when the deadline is near. */
    Duration budget();

    /** Called once while the application starts. Must not block on remote services: start asynchronously and report through {@link #isStarted()}. */
    default void start() {
    }

    /** Whether the participant is fully started; {@code /health/started} stays DOWN until every participant says so. */
    default boolean isStarted() {
        return true;
    }

    /** Stops taking new work. Called at the first shutdown signal; must return quickly. */
    default void stopIntake() {
    }

    /**
     * Lets in-flight work finish or checkpoint, then releases resources, within {@code timeLeft}.
     *
     * @return counts for the shutdown report (e.g. {@code interrupted}, {@code completed}, {@code abandoned})
     * @throws InterruptedException when the kernel abandons the participant after its budget
     */
    Map<String, Long> stop(Duration timeLeft) throws Exception;
}
