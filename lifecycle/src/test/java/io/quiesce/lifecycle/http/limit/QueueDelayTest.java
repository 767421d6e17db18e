package io.quiesce.lifecycle.http.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueDelayTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Deque<Runnable> queued = new ArrayDeque<>();
    private final QueueDelay delay =
            new QueueDelay(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(10), now::get);

    private void advance(long millis) {
        now.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    private void runQueued() {
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
    }

    @Test
    void measuresNothingUntilItHasAnExecutorAndSubmitsAtMostOneProbeAtATime() {
        delay.sample();
        assertThat(delay.measuring()).isFalse();
        delay.measure(queued::add);
        delay.sample();
        delay.sample();
        assertThat(queued).hasSize(1);
        advance(20);
        delay.sample();
        assertThat(queued).as("one still waiting").hasSize(1);
        runQueued();
        assertThat(delay.delayNanos()).isEqualTo(Duration.ofMillis(20).toNanos());
        delay.sample();
        assertThat(queued).as("the last was submitted 20 ms ago").hasSize(1);
    }

    @Test
    void aShortQueueIsNoOverloadALastingOneIs() {
        delay.measure(queued::add);
        // Bursts that wait 30 ms and then drain: above the target, but never for a whole interval.
        for (int i = 0; i < 5; i++) {
            delay.sample();
            advance(30);
            runQueued();
            assertThat(delay.overloaded()).isFalse();
            delay.sample();
            advance(2);
            runQueued();
            assertThat(delay.overloaded()).isFalse();
            advance(10);
        }
        // A queue that does not drain: the waiting probe's age says so before it runs.
        delay.sample();
        advance(40);
        assertThat(delay.overloaded()).isFalse();
        advance(25);
        assertThat(delay.overloaded()).isTrue();
        runQueued();
        assertThat(delay.overloaded()).isTrue();
        assertThat(delay.highestNanos()).isEqualTo(Duration.ofMillis(65).toNanos());
        // Drained: the next probe runs at once, and the overload is over.
        delay.sample();
        advance(1);
        runQueued();
        assertThat(delay.overloaded()).isFalse();
    }

    @Test
    void anExecutorThatRejectsWorkStopsTheMeasuring() {
        delay.measure(task -> {
            throw new RejectedExecutionException("CWWKE1202E");
        });
        delay.sample();
        assertThat(delay.measuring()).isFalse();
        assertThat(delay.overloaded()).isFalse();
    }
}
