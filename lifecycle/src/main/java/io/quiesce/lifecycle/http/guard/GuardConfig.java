package io.quiesce.lifecycle.http.guard;

import io.quiesce.lifecycle.config.ConfigReader;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** How the kernel reads request bodies ({@code quiesce.http.body.*}); a read timeout of 0 leaves bodies to Liberty. */
public record GuardConfig(Duration bodyTimeout, int maxBodyBytes, int bufferBytes) {

    public static final String BODY_TIMEOUT = "quiesce.http.body.read-timeout";
    public static final String MAX_BODY_BYTES = "quiesce.http.body.max-bytes";
    public static final String BUFFER_BYTES = "quiesce.http.body.buffer-bytes";

    public static GuardConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-lifecycle");
        Duration timeout = config.duration(BODY_TIMEOUT, Duration.ZERO, Duration.ofMinutes(5));
        int max = config.wholeNumber(MAX_BODY_BYTES, 1, 1 << 30);
        int buffer = config.wholeNumber(BUFFER_BYTES, max, Integer.MAX_VALUE);
        return new GuardConfig(timeout, max, buffer);
    }

    public boolean readsBodies() {
        return !bodyTimeout.isZero();
    }
}
