package io.quiesce.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The one wait for a server to take traffic: {@code /health/ready} answering 200 on a fresh connection. */
public final class Ready {

    public static final String PATH = "/health/ready";

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private Ready() {}

    /**
     * Polls until ready or {@code timeout}; fails at once, with {@code diagnostics} (a log), when the process behind
     * {@code port} has exited, instead of waiting out the timeout.
     */
    public static HttpResponse await(
            String what, int port, Duration timeout, BooleanSupplier alive, Supplier<String> diagnostics) {
        return Poll.require(what + "'s " + PATH + " to answer 200", timeout, INTERVAL, () -> {
            if (!alive.getAsBoolean()) {
                throw new AssertionError(what + " exited before it was ready:\n" + diagnostics.get());
            }
            Optional<HttpResponse> response = Http.tryGet(port, PATH, PROBE_TIMEOUT);
            return response.filter(r -> r.status() == 200);
        });
    }
}
