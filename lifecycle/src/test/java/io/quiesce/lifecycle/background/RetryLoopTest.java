package io.quiesce.lifecycle.background;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryLoopTest {

    private final EventLog log = EventLog.named("test.retry", LogFormat.TEXT);

    @Test
    void retriesFailuresUntilAnAttemptSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        RetryLoop loop = new RetryLoop(
                "test-retry",
                Duration.ofMillis(1),
                Duration.ofMillis(4),
                n -> {
                    calls.incrementAndGet();
                    if (n < 3) {
                        throw new IOException("not yet");
                    }
                    done.countDown();
                    return true;
                },
                log);

        loop.start();

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.stop(Duration.ofSeconds(1))).isTrue();
        assertThat(loop.succeeded()).isTrue();
        assertThat(calls.get()).as("attempts").isEqualTo(3);
    }

    @Test
    void stopInterruptsAnAttemptInProgressAndEndsTheLoop() throws Exception {
        CountDownLatch inAttempt = new CountDownLatch(1);
        RetryLoop loop = new RetryLoop(
                "test-retry-stop",
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                n -> {
                    inAttempt.countDown();
                    new CountDownLatch(1).await();
                    return true;
                },
                log);
        loop.start();
        assertThat(inAttempt.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(loop.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(loop.succeeded()).isFalse();
        assertThat(loop.isStopped()).isTrue();
    }
}
