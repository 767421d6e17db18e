package io.quiesce.lifecycle.async;

import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The server's managed executor with every submission counted and, from the shutdown signal on, refused with a message
 * that names the shutdown. What a returned future schedules itself ({@code thenApplyAsync} and the like) runs on the
 * same executor but is not counted: only the tasks the application submits are.
 */
final class GovernedExecutor implements ManagedExecutorService {

    private final ManagedExecutorService delegate;
    private final TaskTracker tracker;

    GovernedExecutor(ManagedExecutorService delegate, TaskTracker tracker) {
        this.delegate = delegate;
        this.tracker = tracker;
    }

    @Override
    public void execute(Runnable command) {
        TrackedTask<Void> task = TrackedTask.of(admit(command), command);
        submitted(task, () -> {
            delegate.execute(task);
            return null;
        });
    }

    @Override
    public Future<?> submit(Runnable command) {
        TrackedTask<Void> task = TrackedTask.of(admit(command), command);
        return submitted(task, () -> delegate.submit((Runnable) task));
    }

    @Override
    public <T> Future<T> submit(Runnable command, T result) {
        TrackedTask<Void> task = TrackedTask.of(admit(command), command);
        return submitted(task, () -> delegate.submit((Runnable) task, result));
    }

    @Override
    public <T> Future<T> submit(Callable<T> callable) {
        TrackedTask<T> task = TrackedTask.of(admit(callable), callable);
        return submitted(task, () -> delegate.submit((Callable<T>) task));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<TrackedTask<T>> tracked = trackAll(tasks);
        try {
            return delegate.invokeAll(tracked);
        } finally {
            tracked.forEach(t -> t.task().withdraw());
        }
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        List<TrackedTask<T>> tracked = trackAll(tasks);
        try {
            return delegate.invokeAll(tracked, timeout, unit);
        } finally {
            tracked.forEach(t -> t.task().withdraw());
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        List<TrackedTask<T>> tracked = trackAll(tasks);
        try {
            return delegate.invokeAny(tracked);
        } finally {
            tracked.forEach(t -> t.task().withdraw());
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<TrackedTask<T>> tracked = trackAll(tasks);
        try {
            return delegate.invokeAny(tracked, timeout, unit);
        } finally {
            tracked.forEach(t -> t.task().withdraw());
        }
    }

    @Override
    public CompletableFuture<Void> runAsync(Runnable runnable) {
        TrackedTask<Void> task = TrackedTask.of(admit(runnable), runnable);
        return whenSettled(task, submitted(task, () -> delegate.runAsync(task)));
    }

    @Override
    public <U> CompletableFuture<U> supplyAsync(Supplier<U> supplier) {
        TrackedTask<U> task = TrackedTask.of(admit(supplier), supplier);
        return whenSettled(task, submitted(task, () -> delegate.supplyAsync(task)));
    }

    @Override
    public <U> CompletableFuture<U> completedFuture(U value) {
        return delegate.completedFuture(value);
    }

    @Override
    public <U> CompletionStage<U> completedStage(U value) {
        return delegate.completedStage(value);
    }

    @Override
    public <T> CompletableFuture<T> copy(CompletableFuture<T> stage) {
        return delegate.copy(stage);
    }

    @Override
    public <T> CompletionStage<T> copy(CompletionStage<T> stage) {
        return delegate.copy(stage);
    }

    @Override
    public <U> CompletableFuture<U> failedFuture(Throwable ex) {
        return delegate.failedFuture(ex);
    }

    @Override
    public <U> CompletionStage<U> failedStage(Throwable ex) {
        return delegate.failedStage(ex);
    }

    @Override
    public ContextService getContextService() {
        return delegate.getContextService();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return delegate.newIncompleteFuture();
    }

    /** Lifecycle methods: a managed executor refuses them itself (IllegalStateException). */
    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
        return "GovernedExecutor[" + delegate + "]";
    }

    private TaskTracker.Task admit(Object task) {
        return tracker.admit(describe(task));
    }

    /** A lambda's class name says only where it was written: say that. */
    static String describe(Object task) {
        String name = task.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        return lambda < 0 ? name : "(a lambda in " + name.substring(0, lambda) + ")";
    }

    private <T> List<TrackedTask<T>> trackAll(Collection<? extends Callable<T>> tasks) {
        List<TrackedTask<T>> tracked = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> callable : tasks) {
                tracked.add(TrackedTask.of(admit(callable), callable));
            }
        } catch (RejectedExecutionException e) {
            tracked.forEach(t -> t.task().withdraw());
            throw e;
        }
        return tracked;
    }

    /** A task the executor refused never runs. */
    private static <R> R submitted(TrackedTask<?> task, Submission<R> submission) {
        try {
            return submission.submit();
        } catch (RuntimeException e) {
            task.task().withdraw();
            throw e;
        }
    }

    /** A future cancelled or aborted before its task started never runs it either. */
    private static <U> CompletableFuture<U> whenSettled(TrackedTask<?> task, CompletableFuture<U> future) {
        future.whenComplete((value, failure) -> {
            if (!task.task().started()) {
                task.task().withdraw();
            }
        });
        return future;
    }

    @FunctionalInterface
    private interface Submission<R> {
        R submit();
    }
}
