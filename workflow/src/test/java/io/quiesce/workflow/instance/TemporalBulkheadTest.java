package io.quiesce.workflow.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TemporalBulkheadTest {

    @Test
    void aCallBeyondTheLimitIsRefusedAfterItsWaitWithoutBeingSent() throws Exception {
        TemporalBulkhead bulkhead = new TemporalBulkhead(1, Duration.ofMillis(50));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> hung = CompletableFuture.supplyAsync(() -> bulkhead.call("start workflow a", () -> {
            inside.countDown();
            await(release);
            return "a";
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        boolean[] sent = {false};

        assertThatThrownBy(() -> bulkhead.call("start workflow b", () -> sent[0] = true))
                .isInstanceOf(WorkflowUnavailableException.class)
                .hasMessageContaining(
                        "1 calls already wait on it; did not start workflow b (waited at most 50 ms for a turn)");
        assertThat(sent[0]).isFalse();

        release.countDown();
        assertThat(hung.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(bulkhead.call("start workflow c", () -> "c")).isEqualTo("c");
    }

    @Test
    void whenEveryCallInFlightIsOlderThanTheWaitAnotherIsRefusedWithoutWaiting() throws Exception {
        AtomicLong now = new AtomicLong();
        TemporalBulkhead bulkhead = new TemporalBulkhead(1, Duration.ofHours(1), now::get);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> hung = CompletableFuture.supplyAsync(() -> bulkhead.call("start workflow a", () -> {
            inside.countDown();
            await(release);
            return "a";
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        now.addAndGet(Duration.ofHours(1).plusNanos(1).toNanos());

        assertThatThrownBy(() -> bulkhead.call("start workflow b", () -> "b"))
                .isInstanceOf(WorkflowUnavailableException.class)
                .hasMessageContaining("did not start workflow b");

        release.countDown();
        assertThat(hung.get(10, TimeUnit.SECONDS)).isEqualTo("a");
    }

    @Test
    void aFailedCallGivesItsTurnBack() {
        TemporalBulkhead bulkhead = new TemporalBulkhead(1, Duration.ZERO);
        assertThatThrownBy(() -> bulkhead.call("cancel", () -> {
                    throw new IllegalStateException("unavailable");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(bulkhead.call("cancel", () -> "sent")).isEqualTo("sent");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
