package io.quiesce.workflow.worker;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.concurrent.atomic.AtomicLong;

/** The SDK exposes no count of activities in flight for the shutdown report; a worker interceptor sees every one. */
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
