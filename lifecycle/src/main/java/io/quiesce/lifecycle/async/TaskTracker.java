package io.quiesce.lifecycle.async;

import io.quiesce.lifecycle.time.TimeSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Every task the application hands to the managed executor, from submission to its end: admitted or refused, queued,
 * running, then completed, failed, withdrawn (never ran: the executor refused, aborted or cancelled it) or abandoned
 * (still queued or running when the shutdown's budget ran out; a queued one then never starts). Each task moves through its states once, so the counts stay exact
 * whichever thread reports first.
 */
public final class TaskTracker {

    /** Who may still submit. */
    enum Intake {
        OPEN,
        /** After the shutdown signal: only threads serving an HTTP request the drain still counts. */
        REQUESTS_ONLY,
        CLOSED
    }

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int ENDED = 2;

    private final BooleanSupplier servingRequest;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final LongAdder submitted = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder withdrawn = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private volatile Intake intake = Intake.OPEN;
    private volatile String reason = "";
    private volatile boolean discardQueued;

    /** @param servingRequest whether the calling thread serves an HTTP request that the drain counts */
    public TaskTracker(BooleanSupplier servingRequest) {
        this.servingRequest = servingRequest;
    }

    /**
     * @param what the task as the refusal names it (a method, or the executor's entry point)
     * @throws RejectedExecutionException the shutdown has begun; the message says so
     */
    public Task admit(String what) {
        Intake now = intake;
        if (now == Intake.CLOSED || (now == Intake.REQUESTS_ONLY && !servingRequest.getAsBoolean())) {
            refused.increment();
            throw new RejectedExecutionException("Asynchronous task " + what + " refused: the application is shutting"
                    + " down (" + reason + "); tasks submitted before the shutdown still run within the shutdown's"
                    + " budget");
        }
        submitted.increment();
        queued.incrementAndGet();
        return new Task();
    }

    /** At the shutdown signal: requests still being served may submit until the HTTP drain ends, nobody else. */
    public void stopIntake(String why) {
        reason = why;
        if (intake == Intake.OPEN) {
            intake = Intake.REQUESTS_ONLY;
        }
    }

    public void closeIntake(String why) {
        if (intake == Intake.OPEN) {
            reason = why;
        }
        intake = Intake.CLOSED;
    }

    public boolean intakeOpen() {
        return intake == Intake.OPEN;
    }

    /** Waits until no task is queued or running, at most {@code timeout}. */
    public boolean awaitIdle(TimeSource time, Duration timeout) throws InterruptedException {
        return time.await(this::idle, timeout);
    }

    public boolean idle() {
        return queued.get() == 0 && running.get() == 0;
    }

    /**
     * The shutdown stops waiting: tasks still queued will not run when they come up, and those still running are left
     * to Liberty's stop, which interrupts them.
     *
     * @return how many tasks were queued or running
     */
    public long abandon() {
        discardQueued = true;
        long left = (long) queued.get() + running.get();
        abandoned.add(left);
        return left;
    }

    /**
     * The shutdown's part: refuses every submission, waits for the tasks still queued or running within
     * {@code timeLeft}, and abandons what is left.
     *
     * @param since the counts at the signal, so that the report covers the whole shutdown
     */
    public Map<String, Long> drain(TimeSource time, Duration timeLeft, String why, Counts since)
            throws InterruptedException {
        closeIntake(why);
        long queuedAtStop = queued.get();
        long runningAtStop = running.get();
        boolean idle = awaitIdle(time, timeLeft);
        long left = idle ? 0 : abandon();
        Map<String, Long> report = new LinkedHashMap<>();
        report.put("tasks_queued_at_stop", queuedAtStop);
        report.put("tasks_running_at_stop", runningAtStop);
        report.putAll(counts().since(since));
        report.put("tasks_abandoned", left);
        return report;
    }

    public int queued() {
        return queued.get();
    }

    public int running() {
        return running.get();
    }

    public Counts counts() {
        return new Counts(
                submitted.sum(),
                completed.sum(),
                failed.sum(),
                refused.sum(),
                withdrawn.sum(),
                abandoned.sum(),
                queued.get(),
                running.get());
    }

    /** Cumulative since the start, except {@code queued} and {@code running}, which are the counts now. */
    public record Counts(
            long submitted,
            long completed,
            long failed,
            long refused,
            long withdrawn,
            long abandoned,
            long queued,
            long running) {

        /** What happened since {@code before}, for the shutdown report; {@code queued} and {@code running} are now. */
        public Map<String, Long> since(Counts before) {
            Map<String, Long> report = new LinkedHashMap<>();
            report.put("tasks_completed", completed - before.completed);
            report.put("tasks_failed", failed - before.failed);
            report.put("tasks_refused", refused - before.refused);
            report.put("tasks_withdrawn", withdrawn - before.withdrawn);
            return report;
        }
    }

    /** One submission; its owner reports when it starts and ends (or that it never will). */
    public final class Task {

        private final AtomicInteger state = new AtomicInteger(QUEUED);

        private Task() {}

        /** @return false when the task must not run: the shutdown discarded it, or it was withdrawn */
        public boolean start() {
            if (discardQueued) {
                if (state.compareAndSet(QUEUED, ENDED)) {
                    queued.decrementAndGet();
                }
                return false;
            }
            if (state.compareAndSet(QUEUED, RUNNING)) {
                queued.decrementAndGet();
                running.incrementAndGet();
                return true;
            }
            return false;
        }

        /** @param failure what the task threw, or null */
        public void end(Throwable failure) {
            if (state.compareAndSet(RUNNING, ENDED)) {
                running.decrementAndGet();
                (failure == null ? completed : failed).increment();
            }
        }

        /** The task will never run (the executor refused, aborted or cancelled it); harmless once it has started. */
        public void withdraw() {
            if (state.compareAndSet(QUEUED, ENDED)) {
                queued.decrementAndGet();
                withdrawn.increment();
            }
        }

        public boolean started() {
            return state.get() != QUEUED;
        }
    }
}
