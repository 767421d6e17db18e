package io.quiesce.workflow.worker;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the activities this worker is executing and how they ended, so that the shutdown report can say how many were
 * in flight when the drain began, how many finished within the budget and how many were abandoned. The SDK exposes no
 * such count; a worker interceptor sees every activity execution.
 */
final class ActivityTracker extends WorkerInterceptorBase {

    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            @Override
            public ActivityOutput execute(ActivityInput input) {
                inFlight.incrementAndGet();
                boolean ok = false;
                try {
                    ActivityOutput output = super.execute(input);
                    ok = true;
                    return output;
                } finally {
                    inFlight.decrementAndGet();
                    (ok ? completed : failed).incrementAndGet();
                }
            }
        };
    }

    long inFlight() {
        return inFlight.get();
    }

    long completed() {
        return completed.get();
    }

    long failed() {
        return failed.get();
    }
}
