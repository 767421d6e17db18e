package io.quiesce.lifecycle.shutdown;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * Runs one task within a budget on its own thread and abandons it (interrupting it) when the budget ends, so that a hung
 * participant cannot hold up the ones after it or the process exit.
 */
public final class BoundedRunner {

    /** The outcome of one bounded run; {@code value} is null unless it completed. */
    public record Result<T>(PhaseOutcome outcome, T value, Throwable failure) {
    }

    private final Executor executor;
    private final TimeSource time;

    public BoundedRunner(Executor executor, TimeSource time) {
        this.executor = executor;
        this.time = time;
    }

    public <T> Result<T> run(Callable<T> task, Duration budget) {
        if (budget.isZero() || budget.isNegative()) {
            return new Result<>(PhaseOutcome.SKIPPED, null, null);
        }
        FutureTask<T> future = new FutureTask<>(task);
        executor.execute(future);
        try {
            if (!time.await(future::isDone, budget)) {
                future.cancel(true);
                return new Result<>(PhaseOutcome.TIMED_OUT, null, null);
            }
            return new Result<>(PhaseOutcome.COMPLETED, future.get(), null);
        } catch (ExecutionException e) {
            return new Result<>(PhaseOutcome.FAILED, null, e.getCause());
        } catch (CancellationException e) {
            return new Result<>(PhaseOutcome.FAILED, null, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new Result<>(PhaseOutcome.FAILED, null, e);
        }
    }
}
