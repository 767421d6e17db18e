package io.quiesce.lifecycle.http.limit;

import io.quiesce.lifecycle.http.ProblemResponse;
import io.quiesce.lifecycle.http.guard.BodyBuffering;
import io.quiesce.lifecycle.http.guard.Refusals;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
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
 * pool connection, a lock or CPU, so that overload sheds instead of queueing until the probes time out. Mapped after the
 * body is read (a slow client must not hold a permit while it trickles) and so for the asynchronous dispatch that hands
 * a buffered body on. The probes never pass here: mpHealth's endpoints are Liberty's own web module, and the drain's
 * listener check is answered by the drain filter first.
 */
public final class LimitFilter extends HttpFilter {

    static final String PERMIT = "io.quiesce.lifecycle.http.limit-permit";

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
        boolean handsOnABody = request.getDispatcherType() == DispatcherType.ASYNC
                && request.getAttribute(BodyBuffering.BUFFERED) != null;
        boolean fresh = request.getDispatcherType() == DispatcherType.REQUEST || handsOnABody;
        if (!config.enabled() || !fresh || request.getAttribute(PERMIT) != null) {
            chain.doFilter(request, response);
            return;
        }
        long permit = limit.tryAcquire();
        if (permit < 0) {
            refusals.refused(Refusals.Reason.OVERLOADED);
            ProblemResponse.overloaded(
                            config.retryAfter(),
                            "The server is at its concurrency limit (" + limit.limit() + "); retry later.")
                    .writeTo(response);
            return;
        }
        request.setAttribute(PERMIT, permit);
        boolean async = false;
        try {
            chain.doFilter(request, response);
            async = request.isAsyncStarted();
            if (async) {
                request.getAsyncContext().addListener(new Release(permit));
            }
        } finally {
            if (!async) {
                limit.release(permit);
            }
        }
    }

    private final class Release implements AsyncListener {
        private final long permit;
        private final AtomicBoolean released = new AtomicBoolean();

        Release(long permit) {
            this.permit = permit;
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                limit.release(permit);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            release();
        }

        @Override
        public void onError(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
