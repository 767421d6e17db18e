package io.quiesce.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** One-shot requests on fresh connections, the way a probe or a new client connects. */
public final class Http {

    private Http() {}

    public static HttpResponse get(int port, String path, Duration timeout) throws IOException {
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", port, timeout)) {
            return connection.get(path);
        }
    }

    public static Optional<HttpResponse> tryGet(int port, String path, Duration timeout) {
        try {
            return Optional.of(get(port, path, timeout));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static HttpResponse awaitStatus(int port, String path, int status, Duration timeout) {
        return Poll.require(
                path + " to answer " + status,
                timeout,
                Duration.ofMillis(100),
                () -> tryGet(port, path, Duration.ofSeconds(2)).filter(r -> r.status() == status));
    }
}
