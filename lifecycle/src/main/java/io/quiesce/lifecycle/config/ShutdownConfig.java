package io.quiesce.lifecycle.config;

import java.time.Duration;

/**
 * @param gracePeriod the pod's terminationGracePeriodSeconds as seen from SIGTERM (minus any preStop sleep)
 * @param margin      kept back for Liberty's own stop after the handover and the JVM's exit
 * @param delay       readiness is DOWN but requests are served while endpoint removal propagates; the most the delay
 *                    lasts in either {@link DelayMode}
 */
public record ShutdownConfig(
        Duration gracePeriod, Duration margin, Duration delay, Duration drainTimeout, DelayPolicy delayPolicy) {

    /** A fixed delay. */
    public ShutdownConfig(Duration gracePeriod, Duration margin, Duration delay, Duration drainTimeout) {
        this(gracePeriod, margin, delay, drainTimeout, DelayPolicy.fixed());
    }

    public Duration deadline() {
        return gracePeriod.minus(margin);
    }
}
