package io.quiesce.lifecycle.async;

import jakarta.annotation.Priority;
import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.CancellationException;

/**
 * Runs inside the asynchronous execution, after Liberty's interceptor has moved the call to the executor's thread (or,
 * for a join or an untimed get, inline): the method counts as running until it returns.
 */
@Asynchronous
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 6)
public class AsynchronousRun {

    @AroundInvoke
    public Object run(InvocationContext invocation) throws Exception {
        if (!(invocation.getContextData().get(AsynchronousSubmit.TASK) instanceof TaskTracker.Task task)) {
            return invocation.proceed();
        }
        if (!task.start()) {
            throw new CancellationException("discarded: the application's shutdown stopped waiting for queued tasks");
        }
        Throwable failure = null;
        try {
            return invocation.proceed();
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            task.end(failure);
        }
    }

    static String describe(InvocationContext invocation) {
        return invocation.getMethod().getDeclaringClass().getName() + "."
                + invocation.getMethod().getName() + "()";
    }
}
