package io.quiesce.lifecycle.http.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.quiesce.lifecycle.http.ProblemResponse;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BodyBufferingTest {

    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    private final Deadlines deadlines = new Deadlines();
    private final Refusals refusals =
            new Refusals(EventLog.named("test.body", LogFormat.TEXT), System::nanoTime, Duration.ofMinutes(1));
    private final HttpServletRequest request = mock(HttpServletRequest.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final AsyncContext async = mock(AsyncContext.class);
    /** Who did what, on which thread: "dispatch@<thread>", "complete@<thread>", "status <n>". */
    private final Queue<String> events = new ConcurrentLinkedQueue<>();

    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicLong endedAt = new AtomicLong();

    @AfterEach
    void stop() {
        deadlines.close();
    }

    /** A client whose body arrives {@code after} the listener is set, on another thread, as Liberty calls it. */
    private void client(Duration after, byte[] body) throws IOException {
        when(request.getContentLengthLong()).thenReturn((long) body.length);
        when(request.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
        when(request.isAsyncSupported()).thenReturn(true);
        when(request.startAsync(any(), any())).thenReturn(async);
        doAnswer(call -> end("dispatch")).when(async).dispatch();
        doAnswer(call -> end("complete")).when(async).complete();
        doAnswer(call -> events.add("status " + call.getArgument(0)))
                .when(response)
                .setStatus(anyInt());
        when(response.getOutputStream()).thenReturn(mock(ServletOutputStream.class));
        when(request.getInputStream()).thenReturn(new ServletInputStream() {
            private int at = -1;

            @Override
            public boolean isFinished() {
                return at >= body.length;
            }

            @Override
            public boolean isReady() {
                return at >= 0 && at < body.length;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                Thread t = new Thread(
                        () -> {
                            try {
                                Thread.sleep(after.toMillis());
                                at = 0;
                                listener.onDataAvailable();
                                listener.onAllDataRead();
                            } catch (Exception e) {
                                listener.onError(e);
                            }
                        },
                        "liberty-read-listener");
                t.start();
            }

            @Override
            public int read() {
                return at < body.length ? body[at++] : -1;
            }
        });
    }

    private Object end(String what) {
        events.add(what + "@" + Thread.currentThread().getName());
        endedAt.set(System.nanoTime());
        ended.countDown();
        return null;
    }

    private BodyBuffering filter(Admission admission, int maxBytes) {
        return new BodyBuffering(
                new GuardConfig(Duration.ofSeconds(5), maxBytes, 4 * maxBytes), refusals, deadlines, admission);
    }

    @Test
    void aBodyThatArrivesAtOnceIsDispatchedByTheRequestThreadItself() throws Exception {
        client(Duration.ZERO, BODY);
        filter(Admission.ALWAYS, 1024).doFilter(request, response, (req, res) -> events.add("chain"));
        assertThat(events).containsExactly("dispatch@" + Thread.currentThread().getName());
    }

    @Test
    void aBodyStillArrivingAfterTheWaitIsDispatchedWithoutTheRequestThreadAndNotBeforeTheGuard() throws Exception {
        client(BodyBuffering.QUICK_WAIT.plusMillis(20), BODY);
        long start = System.nanoTime();
        filter(Admission.ALWAYS, 1024).doFilter(request, response, (req, res) -> events.add("chain"));
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("dispatch@quiesce-http-deadlines");
        assertThat(endedAt.get() - start)
                .isGreaterThanOrEqualTo(
                        BodyBuffering.QUICK_WAIT.plus(BodyBuffering.GUARD).toNanos());
    }

    @Test
    void aBodyTooLargeIsRefusedByTheRequestThreadWhenItArrivesAtOnce() throws Exception {
        byte[] big = new byte[64];
        client(Duration.ZERO, big);
        when(request.getContentLengthLong()).thenReturn(10L);
        filter(Admission.ALWAYS, 16).doFilter(request, response, (req, res) -> events.add("chain"));
        assertThat(events)
                .containsExactly(
                        "status 413", "complete@" + Thread.currentThread().getName());
        assertThat(refusals.count(Refusals.Reason.BODY_TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith503InsteadOfDispatched() throws Exception {
        client(Duration.ZERO, BODY);
        Admission full = new Admission() {
            @Override
            public long tryAcquire() {
                return -1;
            }

            @Override
            public void release(long permit) {}

            @Override
            public ProblemResponse refusal() {
                return ProblemResponse.overloaded(Duration.ofSeconds(1), "full");
            }
        };
        filter(full, 1024).doFilter(request, response, (req, res) -> events.add("chain"));
        assertThat(events)
                .containsExactly(
                        "status 503", "complete@" + Thread.currentThread().getName());
        assertThat(refusals.count(Refusals.Reason.OVERLOADED)).isEqualTo(1);
    }

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
