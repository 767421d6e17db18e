package io.quiesce.lifecycle.http.limit;

import io.quiesce.lifecycle.http.ProblemResponse;
import io.quiesce.lifecycle.http.guard.Admission;
import io.quiesce.lifecycle.http.guard.BodyBuffering;
import io.quiesce.lifecycle.http.guard.Refusals;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application's concurrency limit: a request over it gets 503 with {@code Retry-After} at once, before it takes a
 * pool connection, a lock or CPU, so that overload sheds instead of queueing until the probes time out. A request with
 * a body asks after the body is read (a slow client must not hold a permit while it trickles): BodyBuffering calls
 * {@link #tryAcquire()} before its asynchronous dispatch, and this filter releases the permit when that dispatch ends.
 * The probes never pass here: mpHealth's endpoints are Liberty's own web module, and the drain's listener check is
 * answered by the drain filter first.
 */
public final class LimitFilter extends HttpFilter implements Admission {

    private static final String RELEASING = "io.quiesce.lifecycle.http.limit-releasing";

    private final GradientLimit limit;
    private final LimitConfig config;
    private final Refusals refusals;

    public LimitFilter(GradientLimit limit, LimitConfig config, Refusals refusals) {
        this.limit = limit;
        this.config = config;
        this.refusals = refusals;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!config.enabled() || request.getDispatcherType() != DispatcherType.REQUEST) {
            // An asynchronous dispatch that hands on a buffered body already holds its permit (BodyBuffering asked).
            Object held = request.getDispatcherType() == DispatcherType.ASYNC
                            && request.getAttribute(BodyBuffering.BUFFERED) != null
                    ? request.getAttribute(PERMIT)
                    : null;
            if (held instanceof Long permit && request.getAttribute(RELEASING) == null) {
                request.setAttribute(RELEASING, Boolean.TRUE);
                serve(request, response, chain, permit);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        long permit = tryAcquire();
        if (permit < 0) {
            refusals.refused(Refusals.Reason.OVERLOADED);
            refusal().writeTo(response);
            return;
        }
        serve(request, response, chain, permit);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, FilterChain chain, long permit)
            throws IOException, ServletException {
        Release release = new Release(permit);
        boolean async = false;
        try {
            chain.doFilter(request, response);
            async = request.isAsyncStarted();
            if (async) {
                // Answered later, off Liberty's request threads: the API's bounded executors (503 server-busy) bound
                // that work. Held until completion, requests waiting on a stalled database filled the limit and
                // requests that need no dependency were refused (DatabaseStallIT).
                release.unmeasured();
            }
        } finally {
            if (!async) {
                release.release();
            }
        }
    }

    @Override
    public long tryAcquire() {
        return config.enabled() ? limit.tryAcquire() : 0;
    }

    @Override
    public void release(long permit) {
        if (config.enabled()) {
            limit.release(permit);
        }
    }

    @Override
    public ProblemResponse refusal() {
        return ProblemResponse.overloaded(
                config.retryAfter(), "The server is at its concurrency limit (" + limit.limit() + "); retry later.");
    }

    /** A permit given back once: measured when the request ends on its thread, unmeasured when it leaves it. */
    private final class Release {
        private final long permit;
        private final AtomicBoolean released = new AtomicBoolean();

        Release(long permit) {
            this.permit = permit;
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                LimitFilter.this.release(permit);
            }
        }

        private void unmeasured() {
            if (released.compareAndSet(false, true) && config.enabled()) {
                limit.releaseUnmeasured();
            }
        }
    }
}
