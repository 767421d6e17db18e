package io.quiesce.lifecycle.config;

import java.time.Duration;

/**
 * How the pre-drain delay ends; its maximum is {@link ShutdownConfig#delay()}.
 *
 * @param minimum     the delay never ends earlier (traffic mode): covers a propagation that sparse traffic cannot show
 * @param quietPeriod the delay ends once no new connection has arrived for this long (traffic mode)
 */
public record DelayPolicy(DelayMode mode, Duration minimum, Duration quietPeriod) {

    public static DelayPolicy fixed() {
        return new DelayPolicy(DelayMode.FIXED, Duration.ZERO, Duration.ZERO);
    }

    public static DelayPolicy traffic(Duration minimum, Duration quietPeriod) {
        return new DelayPolicy(DelayMode.TRAFFIC, minimum, quietPeriod);
    }
}
