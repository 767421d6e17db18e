package io.quiesce.lifecycle.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownHandoverTest {

    private final List<ShutdownTrigger> runs = new ArrayList<>();
    private final List<Integer> exits = new ArrayList<>();
    private final EventLog log = EventLog.named("test.handover", LogFormat.TEXT);

    private static ShutdownReport report(ShutdownTrigger trigger, PhaseOutcome outcome) {
        return new ShutdownReport(
                trigger,
                List.of(new PhaseResult("p", Duration.ZERO, Duration.ZERO, Duration.ZERO, outcome, Map.of(), "")),
                0,
                0,
                Duration.ZERO);
    }

    private ShutdownHandover handover(PhaseOutcome outcome, Executor shutdownThread, Duration deadline) {
        return new ShutdownHandover(
                trigger -> {
                    runs.add(trigger);
                    return report(trigger, outcome);
                },
                shutdownThread,
                exits::add,
                deadline,
                log);
    }

    @Test
    void sigtermRunsTheSequenceOnceAndExitsWithTheReportsCode() {
        ShutdownHandover clean = handover(PhaseOutcome.COMPLETED, Runnable::run, Duration.ofSeconds(1));
        clean.onSigterm();
        clean.onSigterm();
        ShutdownHandover overran = handover(PhaseOutcome.TIMED_OUT, Runnable::run, Duration.ofSeconds(1));
        overran.onSigterm();

        assertThat(runs).containsExactly(ShutdownTrigger.SIGTERM, ShutdownTrigger.SIGTERM);
        assertThat(exits).containsExactly(0, 1);
    }

    @Test
    void theApplicationStopAfterTheHandoverFindsTheShutdownDone() throws Exception {
        ShutdownHandover handover = handover(PhaseOutcome.COMPLETED, Runnable::run, Duration.ofSeconds(1));
        handover.onSigterm();
        handover.onApplicationStop();

        assertThat(runs).containsExactly(ShutdownTrigger.SIGTERM);
        assertThat(exits).containsExactly(0);
    }

    @Test
    void anApplicationStopRunsTheSequenceWithoutExitingBecauseLibertyIsAlreadyStopping() throws Exception {
        ShutdownHandover handover = handover(PhaseOutcome.COMPLETED, Runnable::run, Duration.ofSeconds(1));
        handover.onApplicationStop();
        handover.onSigterm();

        assertThat(runs).containsExactly(ShutdownTrigger.APPLICATION_STOP);
        assertThat(exits).isEmpty();
    }

    @Test
    void anApplicationStopDuringASigtermShutdownWaitsForIt() throws Exception {
        CountDownLatch sequenceMayEnd = new CountDownLatch(1);
        CountDownLatch sequenceRunning = new CountDownLatch(1);
        ShutdownHandover handover = new ShutdownHandover(
                trigger -> {
                    sequenceRunning.countDown();
                    try {
                        sequenceMayEnd.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return report(trigger, PhaseOutcome.COMPLETED);
                },
                task -> new Thread(task, "test-shutdown").start(),
                exits::add,
                Duration.ofSeconds(10),
                log);
        handover.onSigterm();
        assertThat(sequenceRunning.await(10, TimeUnit.SECONDS)).isTrue();

        Thread stop = new Thread(() -> {
            try {
                handover.onApplicationStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stop.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stop.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(stop.getState())
                .as("the application stop waits while the sequence runs")
                .isEqualTo(Thread.State.TIMED_WAITING);

        sequenceMayEnd.countDown();
        stop.join(10_000);
        assertThat(stop.isAlive()).isFalse();
    }

    @Test
    void anApplicationStopWaitsAtMostTheDeadline() throws Exception {
        ShutdownHandover handover = handover(PhaseOutcome.COMPLETED, task -> {}, Duration.ofMillis(1));
        handover.onSigterm();
        handover.onApplicationStop();

        assertThat(runs).isEmpty();
    }
}
