package io.quiesce.lifecycle.async;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.enterprise.concurrent.ManagedTaskListener;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A task as the executor sees it: the application's own body, reported to the tracker when it starts and ends. It is a
 * {@link ManagedTask} so that Liberty tells it when the task is aborted or cancelled before it ever ran (a concurrency
 * policy's start timeout, {@code Future.cancel}); an application task's own listener and execution properties are kept,
 * and it runs in the submitter's trace.
 */
final class TrackedTask<T> implements Runnable, Callable<T>, Supplier<T>, ManagedTask, ManagedTaskListener {

    private final TaskTracker.Task task;
    private final Callable<T> body;
    private final ManagedTask managed;
    /** The submitter's trace: the task's spans belong to the request or job that handed it over. */
    private final Context context = Context.current();

    TrackedTask(TaskTracker.Task task, Callable<T> body, Object original) {
        this.task = task;
        this.body = body;
        this.managed = original instanceof ManagedTask m ? m : null;
    }

    static TrackedTask<Void> of(TaskTracker.Task task, Runnable runnable) {
        return new TrackedTask<>(
                task,
                () -> {
                    runnable.run();
                    return null;
                },
                runnable);
    }

    static <T> TrackedTask<T> of(TaskTracker.Task task, Callable<T> callable) {
        return new TrackedTask<>(task, callable, callable);
    }

    static <T> TrackedTask<T> of(TaskTracker.Task task, Supplier<T> supplier) {
        return new TrackedTask<>(task, supplier::get, supplier);
    }

    TaskTracker.Task task() {
        return task;
    }

    @Override
    public T call() throws Exception {
        if (!task.start()) {
            throw new CancellationException("discarded: the application's shutdown stopped waiting for queued tasks");
        }
        Throwable failure = null;
        try (Scope scope = context.makeCurrent()) {
            return body.call();
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            task.end(failure);
        }
    }

    @Override
    public void run() {
        try {
            call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    @Override
    public T get() {
        try {
            return call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    @Override
    public ManagedTaskListener getManagedTaskListener() {
        return this;
    }

    @Override
    public Map<String, String> getExecutionProperties() {
        return managed == null ? null : managed.getExecutionProperties();
    }

    @Override
    public void taskSubmitted(Future<?> future, ManagedExecutorService executor, Object ignored) {
        ManagedTaskListener listener = listener();
        if (listener != null) {
            listener.taskSubmitted(future, executor, managed);
        }
    }

    @Override
    public void taskAborted(Future<?> future, ManagedExecutorService executor, Object ignored, Throwable exception) {
        task.withdraw();
        ManagedTaskListener listener = listener();
        if (listener != null) {
            listener.taskAborted(future, executor, managed, exception);
        }
    }

    @Override
    public void taskDone(Future<?> future, ManagedExecutorService executor, Object ignored, Throwable exception) {
        task.withdraw();
        ManagedTaskListener listener = listener();
        if (listener != null) {
            listener.taskDone(future, executor, managed, exception);
        }
    }

    @Override
    public void taskStarting(Future<?> future, ManagedExecutorService executor, Object ignored) {
        ManagedTaskListener listener = listener();
        if (listener != null) {
            listener.taskStarting(future, executor, managed);
        }
    }

    private ManagedTaskListener listener() {
        return managed == null ? null : managed.getManagedTaskListener();
    }
}
