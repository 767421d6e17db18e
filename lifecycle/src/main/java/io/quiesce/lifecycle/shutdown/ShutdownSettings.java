package io.quiesce.lifecycle.shutdown;

import java.time.Duration;

/**
 * The validated shutdown budget.
 *
 * @param gracePeriod  the pod's terminationGracePeriodSeconds as seen from SIGTERM (minus any preStop sleep)
 * @param margin       kept back for Liberty's own stop after the handover and the JVM's exit
 * @param delay        pre-drain delay: readiness is DOWN but requests are served normally while endpoint removal propagates
 * @param drainTimeout the most the HTTP drain waits for in-flight requests
 */
public record ShutdownSettings(Duration gracePeriod, Duration margin, Duration delay, Duration drainTimeout) {

    /** The total every phase shares, measured from the first signal. */
    public Duration deadline() {
        return gracePeriod.minus(margin);
    }
}
