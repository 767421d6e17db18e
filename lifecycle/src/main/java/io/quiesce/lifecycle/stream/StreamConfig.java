package io.quiesce.lifecycle.stream;

import io.quiesce.lifecycle.config.ConfigReader;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * @param maxOpen        long-lived responses one server holds at once; one more is refused (the application answers 503)
 * @param reconnectDelay the reconnection hint a stream gets when the drain ends it; the kernel spreads the hints over
 *                       {@code [reconnectDelay, 2 × reconnectDelay)} so that a draining server's clients do not all
 *                       arrive at the other servers in the same millisecond
 * @param heartbeat      how often a stream should write something (an SSE comment) while it has nothing to say, so that
 *                       proxies and load balancers do not close it as idle and a client that went away is noticed
 */
public record StreamConfig(int maxOpen, Duration reconnectDelay, Duration heartbeat) {

    public static final String MAX_OPEN = "quiesce.streams.max-open";
    public static final String RECONNECT_DELAY = "quiesce.streams.reconnect-delay";
    public static final String HEARTBEAT = "quiesce.streams.heartbeat";

    static final int MAX_MAX_OPEN = 100_000;

    public static StreamConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-lifecycle");
        return new StreamConfig(
                config.wholeNumber(MAX_OPEN, 1, MAX_MAX_OPEN),
                config.duration(RECONNECT_DELAY, Duration.ofMillis(100), Duration.ofMinutes(1)),
                config.duration(HEARTBEAT, Duration.ofSeconds(1), Duration.ofMinutes(5)));
    }
}
