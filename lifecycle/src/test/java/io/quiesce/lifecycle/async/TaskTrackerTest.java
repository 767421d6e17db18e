package io.quiesce.lifecycle.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.time.FakeTime;
import io.quiesce.lifecycle.time.TimeSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class TaskTrackerTest {

    private static final String SIGTERM = "SIGTERM received";

    private final FakeTime fake = new FakeTime();
    private final AtomicBoolean servingRequest = new AtomicBoolean();
    private final TaskTracker tracker = new TaskTracker(servingRequest::get);

    /** The fake clock, with {@code meanwhile} run once the drain starts waiting: what the tasks do during the wait. */
    private TimeSource waitingWhile(Runnable meanwhile) {
        return new TimeSource() {
            @Override
            public long nanoTime() {
                return fake.nanoTime();
            }

            @Override
            public boolean await(BooleanSupplier condition, Duration timeout) {
                meanwhile.run();
                return fake.await(condition, timeout);
            }
        };
    }

    @Test
    void aTaskIsQueuedThenRunningThenCompleted() {
        TaskTracker.Task task = tracker.admit("report");
        assertThat(tracker.queued()).isEqualTo(1);

        assertThat(task.start()).isTrue();
        assertThat(tracker.queued()).isZero();
        assertThat(tracker.running()).isEqualTo(1);

        task.end(null);
        task.end(null);
        task.withdraw();
        assertThat(tracker.idle()).isTrue();
        assertThat(tracker.counts().completed()).isEqualTo(1);
        assertThat(tracker.counts().submitted()).isEqualTo(1);
    }

    @Test
    void aTaskTheExecutorNeverRanIsWithdrawnOnceAndCannotStartAfterwards() {
        TaskTracker.Task task = tracker.admit("report");
        task.withdraw();
        task.withdraw();

        assertThat(task.start()).isFalse();
        assertThat(tracker.idle()).isTrue();
        assertThat(tracker.counts().withdrawn()).isEqualTo(1);
        assertThat(tracker.counts().completed()).isZero();
    }

    @Test
    void fromTheSignalOnlyRequestsStillBeingServedMaySubmitAndFromTheStopNobody() {
        tracker.stopIntake(SIGTERM);

        assertThatThrownBy(() -> tracker.admit("Mailer.send()"))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("Mailer.send()")
                .hasMessageContaining("shutting down (SIGTERM received)");
        servingRequest.set(true);
        assertThat(tracker.admit("Mailer.send()")).isNotNull();

        tracker.closeIntake(SIGTERM);
        assertThatThrownBy(() -> tracker.admit("Mailer.send()")).isInstanceOf(RejectedExecutionException.class);
        assertThat(tracker.counts().refused()).isEqualTo(2);
    }

    @Test
    void theDrainWaitsForATaskThatFinishesWithinItsBudget() throws Exception {
        TaskTracker.Counts atSignal = tracker.counts();
        TaskTracker.Task running = tracker.admit("report");
        running.start();
        TaskTracker.Task queued = tracker.admit("report");
        long before = fake.nanoTime();

        Map<String, Long> report = tracker.drain(
                waitingWhile(() -> {
                    running.end(null);
                    queued.start();
                    queued.end(new IllegalStateException("failed"));
                }),
                Duration.ofSeconds(2),
                SIGTERM,
                atSignal);

        assertThat(fake.nanoTime() - before).isZero();
        assertThat(report)
                .containsEntry("tasks_queued_at_stop", 1L)
                .containsEntry("tasks_running_at_stop", 1L)
                .containsEntry("tasks_completed", 1L)
                .containsEntry("tasks_failed", 1L)
                .containsEntry("tasks_abandoned", 0L);
    }

    @Test
    void aTaskThatDoesNotFinishIsAbandonedAtTheEndOfTheBudgetAndAQueuedOneNeverStarts() throws Exception {
        TaskTracker.Task stuck = tracker.admit("report");
        stuck.start();
        TaskTracker.Task queued = tracker.admit("report");
        TaskTracker.Counts atSignal = tracker.counts();
        tracker.stopIntake(SIGTERM);
        long before = fake.nanoTime();

        Map<String, Long> report = tracker.drain(fake, Duration.ofSeconds(2), SIGTERM, atSignal);

        assertThat(Duration.ofNanos(fake.nanoTime() - before)).isEqualTo(Duration.ofSeconds(2));
        assertThat(report).containsEntry("tasks_completed", 0L).containsEntry("tasks_abandoned", 2L);
        assertThat(queued.start()).isFalse();
        assertThat(tracker.queued()).isZero();
        assertThat(tracker.counts().abandoned()).isEqualTo(2);
        assertThatThrownBy(() -> tracker.admit("report")).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aDrainWithNothingInFlightTakesNoTime() throws Exception {
        long before = fake.nanoTime();

        Map<String, Long> report = tracker.drain(fake, Duration.ofSeconds(2), SIGTERM, tracker.counts());

        assertThat(fake.nanoTime()).isEqualTo(before);
        assertThat(report).containsEntry("tasks_abandoned", 0L).containsEntry("tasks_running_at_stop", 0L);
    }
}
