package io.quiesce.lifecycle.async;

import jakarta.annotation.Priority;
import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.CompletableFuture;

/**
 * Runs on the caller's thread just before Liberty's own {@code @Asynchronous} interceptor ({@code PLATFORM_BEFORE + 5})
 * hands the call to the executor: it admits (or, once the shutdown has begun, refuses) the call and counts it queued.
 * {@link AsynchronousRun}, after Liberty's, sees the same invocation start on the executor's thread.
 */
@Asynchronous
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 4)
public class AsynchronousSubmit {

    static final String TASK = AsynchronousSubmit.class.getName() + ".task";

    @Inject
    AsyncTasks tasks;

    @AroundInvoke
    public Object submit(InvocationContext invocation) throws Exception {
        TaskTracker.Task task = tasks.tracker().admit(AsynchronousRun.describe(invocation));
        invocation.getContextData().put(TASK, task);
        Object result;
        try {
            result = invocation.proceed();
        } catch (Exception | Error e) {
            task.withdraw();
            throw e;
        }
        if (result instanceof CompletableFuture<?> future) {
            // Cancelled before it started: it never will.
            future.whenComplete((value, failure) -> task.withdraw());
        }
        return result;
    }
}
