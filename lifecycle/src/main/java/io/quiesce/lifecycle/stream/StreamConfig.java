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
 */
public record StreamConfig(int maxOpen, Duration reconnectDelay) {

    public static final String MAX_OPEN = "quiesce.streams.max-open";
    public static final String RECONNECT_DELAY = "quiesce.streams.reconnect-delay";

    static final int MAX_MAX_OPEN = 100_000;

    public static StreamConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-lifecycle");
        return new StreamConfig(
                config.wholeNumber(MAX_OPEN, 1, MAX_MAX_OPEN),
                config.duration(RECONNECT_DELAY, Duration.ofMillis(100), Duration.ofMinutes(1)));
    }
}
