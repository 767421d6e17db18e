package io.quiesce.lifecycle.http.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class BodyBufferingTest {

    /** A read that timed out is the client's slowness (408); any other failed read is a body that does not parse (400). */
    @Test
    void tellsATimedOutReadFromAMalformedBody() {
        assertThat(BodyBuffering.isTimeout(new IOException(new SocketTimeoutException("read"))))
                .isTrue();
        assertThat(BodyBuffering.isTimeout(new IllegalStateException(new HttpBodyTimeoutException())))
                .isTrue();
        assertThat(BodyBuffering.isTimeout(new IOException("invalid chunk length")))
                .isFalse();
    }

    private static final class HttpBodyTimeoutException extends IOException {}
}
