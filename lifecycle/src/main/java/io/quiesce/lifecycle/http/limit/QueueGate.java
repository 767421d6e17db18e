package io.quiesce.lifecycle.http.limit;

import io.quiesce.lifecycle.http.ProblemResponse;
import io.quiesce.lifecycle.http.guard.Refusals;
import io.quiesce.lifecycle.log.EventLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The first of the kernel's filters after the drain filter: while work waits in Liberty's executor longer than
 * {@code quiesce.http.limit.queue-delay} for a whole interval ({@link QueueDelay}), every request is answered 503
 * {@code overloaded} with {@code Retry-After} at once, before it is authenticated, read or served. A flood of cheap
 * requests never raises the application's concurrency (each is over before the next arrives), so the concurrency limit
 * never sheds it; meanwhile the queue in front of the application grows, and the kubelet's probes wait in it. Refusing
 * costs a fraction of serving, so the queue drains and the probes stay fast.
 */
public final class QueueGate extends HttpFilter {

    static final String EXECUTOR = "java:comp/DefaultManagedExecutorService";

    private final QueueDelay queue;
    private final LimitConfig config;
    private final Refusals refusals;
    private final EventLog log;
    private final AtomicBoolean lookedUp = new AtomicBoolean();

    public QueueGate(QueueDelay queue, LimitConfig config, Refusals refusals, EventLog log) {
        this.queue = queue;
        this.config = config;
        this.refusals = refusals;
        this.log = log;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (lookedUp.compareAndSet(false, true)) {
            // On a request thread, where java:comp resolves.
            lookUpExecutor();
        }
        queue.sample();
        if (queue.overloaded()) {
            refusals.refused(Refusals.Reason.QUEUE_DELAY);
            ProblemResponse.overloaded(
                            config.retryAfter(),
                            "Requests are waiting longer than "
                                    + config.queueDelay().toMillis() + " ms for a thread; retry later.")
                    .writeTo(response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void lookUpExecutor() {
        try {
            queue.measure(InitialContext.doLookup(EXECUTOR));
        } catch (NamingException | ClassCastException e) {
            log.warn(
                    "http.queue_delay_unavailable",
                    EventLog.fields(
                            "executor",
                            EXECUTOR,
                            "error",
                            EventLog.describe(e),
                            "action",
                            "requests are not shed by queue delay (the concurrent feature is needed)"));
        }
    }

    /** For tests and the kernel's own wiring outside a container. */
    void measure(Executor executor) {
        lookedUp.set(true);
        queue.measure(executor);
    }
}
