package io.quiesce.lifecycle.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A participant that hangs, on real threads and the real clock: the only way to prove it is really abandoned. */
class BoundedRunnerTest {

    @Test
    void abandonsAndInterruptsATaskThatOverrunsItsBudget() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        BoundedRunner runner =
                new BoundedRunner(task -> new Thread(task, "hanging-participant").start(), TimeSource.system());

        long start = System.nanoTime();
        BoundedRunner.Result<Object> result = runner.run(
                () -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return null;
                },
                Duration.ofMillis(200));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.outcome()).isEqualTo(PhaseOutcome.TIMED_OUT);
        assertThat(took).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(interrupted.await(5, TimeUnit.SECONDS))
                .as("the abandoned task was interrupted")
                .isTrue();
    }

    @Test
    void returnsTheValueOfATaskThatFinishesInTime() {
        BoundedRunner runner = new BoundedRunner(task -> new Thread(task).start(), TimeSource.system());
        BoundedRunner.Result<String> result = runner.run(() -> "done", Duration.ofSeconds(5));
        assertThat(result.outcome()).isEqualTo(PhaseOutcome.COMPLETED);
        assertThat(result.value()).isEqualTo("done");
    }

    @Test
    void doesNotStartATaskWithoutBudget() {
        BoundedRunner runner = new BoundedRunner(
                task -> {
                    throw new AssertionError("must not run");
                },
                TimeSource.system());
        assertThat(runner.run(() -> "x", Duration.ZERO).outcome()).isEqualTo(PhaseOutcome.SKIPPED);
    }
}
