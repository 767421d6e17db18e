package io.quiesce.lifecycle.shutdown;

import io.quiesce.lifecycle.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/** Abandons (interrupts) a task at the end of its budget, so that a hung participant holds up neither the next nor the exit. */
public final class BoundedRunner {

    public record Result<T>(PhaseOutcome outcome, T value, Throwable failure) {}

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
