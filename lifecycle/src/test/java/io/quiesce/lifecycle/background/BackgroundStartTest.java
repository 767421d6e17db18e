package io.quiesce.lifecycle.background;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.lifecycle.time.Deadline;
import io.quiesce.lifecycle.time.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundStartTest {

    private static final Duration SHORT = Duration.ofMillis(1);

    private final FakeTime time = new FakeTime();
    private final EventLog log = EventLog.named("test.background", LogFormat.TEXT);
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    /** The participant's started callback. */
    private final CountDownLatch succeeded = new CountDownLatch(1);

    private final List<Duration> granted = new ArrayList<>();

    private BackgroundStart start() {
        return new BackgroundStart(
                "test-start",
                SHORT,
                SHORT,
                Duration.ofMillis(200),
                ready::get,
                n -> {
                    attempts.incrementAndGet();
                    return BackgroundStart.Attempted.STARTED;
                },
                log,
                time);
    }

    private Map<String, Long> stopSteps(Deadline deadline, boolean startEnded) {
        granted.add(deadline.remaining());
        time.advance(Duration.ofSeconds(2));
        return Map.of("start_ended", startEnded ? 1L : 0L, "calls", (long) granted.size());
    }

    @Test
    void attemptsWaitForThePrerequisiteAndTheStartBeginsOnce() throws Exception {
        BackgroundStart start = start();
        assertThat(start.begin(succeeded::countDown)).isTrue();
        assertThat(start.begin(succeeded::countDown)).isFalse();
        assertThat(succeeded.await(100, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(attempts).hasValue(0);

        ready.set(true);

        assertThat(succeeded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(attempts).hasValue(1);
        start.stopOnce(Duration.ofSeconds(1), this::stopSteps);
    }

    @Test
    void theStopRunsOnceUnderItsDeadlineAndLaterCallsGetItsReport() throws Exception {
        BackgroundStart start = start();
        start.begin(succeeded::countDown);

        Map<String, Long> first = start.stopOnce(Duration.ofSeconds(5), this::stopSteps);
        Map<String, Long> second = start.stopOnce(Duration.ofSeconds(5), this::stopSteps);

        assertThat(granted).containsExactly(Duration.ofSeconds(5));
        assertThat(first).containsEntry("start_ended", 1L).containsEntry("calls", 1L);
        assertThat(second).isSameAs(first);
        assertThat(start.isStopped()).isTrue();
    }

    @Test
    void nothingStartsAfterAStop() throws Exception {
        BackgroundStart start = start();
        start.stopOnce(Duration.ofSeconds(1), this::stopSteps);
        ready.set(true);

        assertThat(start.begin(succeeded::countDown)).isFalse();
        assertThat(attempts).hasValue(0);
    }

    @Test
    void closeStopsOnlyWhenNoStopRanAndNeverThrows() throws Exception {
        BackgroundStart stoppedBefore = start();
        stoppedBefore.stopOnce(Duration.ofSeconds(1), this::stopSteps);
        stoppedBefore.close(Duration.ofSeconds(3), this::stopSteps, "test.close_failed");
        assertThat(granted).containsExactly(Duration.ofSeconds(1));

        BackgroundStart failing = start();
        failing.close(
                Duration.ofSeconds(3),
                (deadline, startEnded) -> {
                    granted.add(deadline.remaining());
                    throw new IllegalStateException("already closed");
                },
                "test.close_failed");
        assertThat(granted).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(failing.isStopped()).isTrue();
    }

    @Test
    void anAttemptThatGivesUpEndsTheStartWithoutReportingStarted() throws Exception {
        ready.set(true);
        BackgroundStart start = new BackgroundStart(
                "test-give-up",
                SHORT,
                SHORT,
                Duration.ofMillis(200),
                ready::get,
                n -> {
                    attempts.incrementAndGet();
                    return BackgroundStart.Attempted.GAVE_UP;
                },
                log,
                time);
        start.begin(succeeded::countDown);
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (attempts.get() == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }

        Map<String, Long> report = start.stopOnce(Duration.ofSeconds(10), this::stopSteps);

        assertThat(attempts).hasValue(1);
        assertThat(report).containsEntry("start_ended", 1L);
        assertThat(succeeded.getCount()).as("started never reported").isEqualTo(1);
    }
}
