package io.quiesce.lifecycle.http.guard;

import io.quiesce.lifecycle.http.ProblemResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a request's body without holding a request thread: the request goes asynchronous, the body arrives through a
 * {@link ReadListener} into memory, and only a complete body is dispatched to the application. A blocking read holds
 * one of Liberty's threads per client for as long as the client takes, so 300 clients sending a byte a second took
 * every thread and starved the probes. A body that has not arrived within {@code quiesce.http.body.read-timeout} gets
 * 408 and the connection closed; one over {@code quiesce.http.body.max-bytes} gets 413; while bodies still arriving hold
 * {@code quiesce.http.body.buffer-bytes} of memory, new ones get 503 with {@code Retry-After}.
 *
 * <p>Who dispatches matters on Liberty 26.0.0.3: {@code AsyncContext.dispatch()} called from the read listener while
 * the request's own thread was still leaving the container raced (SRVE8046E, a NullPointerException inside Liberty,
 * and an empty 200 for the client) under bursts. So the request thread waits briefly for the body (most bodies arrive
 * with their headers) and, once it is read, dispatches or refuses itself before it returns, the ordinary
 * {@code startAsync}-then-{@code dispatch} of any servlet. Only a body still arriving after that wait (a slow client,
 * or more bodies at once than may wait) is finished without a thread, and its dispatch or refusal waits until the
 * request thread has been gone for {@link #GUARD}, on the kernel's deadline thread.
 */
public final class BodyBuffering extends HttpFilter {

    /** Set on a request whose body this filter read; its dispatch to the application is then asynchronous. */
    public static final String BUFFERED = "io.quiesce.lifecycle.http.body-buffered";

    /** How long a request thread waits for a body that is arriving at once. */
    static final Duration QUICK_WAIT = Duration.ofMillis(50);
    /** How many request threads may wait so at once: slow clients hold at most this many threads, each that long. */
    static final int WAITERS = 16;
    /** A body finished without a thread is dispatched no sooner than this after its request thread left. */
    static final Duration GUARD = Duration.ofMillis(50);

    private final GuardConfig config;
    private final Refusals refusals;
    private final Deadlines deadlines;
    private final Admission admission;
    private final AtomicLong buffered = new AtomicLong();
    private final Semaphore waiters = new Semaphore(WAITERS);

    public BodyBuffering(GuardConfig config, Refusals refusals, Deadlines deadlines, Admission admission) {
        this.config = config;
        this.refusals = refusals;
        this.deadlines = deadlines;
        this.admission = admission;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!config.readsBodies()
                || !hasBody
                || request.getDispatcherType() != DispatcherType.REQUEST
                || !request.isAsyncSupported()) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > config.maxBodyBytes()) {
            refusals.refused(Refusals.Reason.BODY_TOO_LARGE);
            ProblemResponse.tooLarge(config.maxBodyBytes()).writeTo(response);
            return;
        }
        BufferedRequest wrapped = new BufferedRequest(request);
        request.setAttribute(BUFFERED, Boolean.TRUE);
        AsyncContext async = request.startAsync(wrapped, response);
        async.setTimeout(0);
        Reader reader = new Reader(async, wrapped, request.getInputStream(), response);
        reader.deadline =
                deadlines.schedule(reader::timedOut, config.bodyTimeout().toNanos(), TimeUnit.NANOSECONDS);
        request.getInputStream().setReadListener(reader);
        reader.attend();
    }

    /** Bytes of bodies still arriving, held in memory now. */
    public long bufferedBytes() {
        return buffered.get();
    }

    private final class Reader implements ReadListener {
        private final AsyncContext async;
        private final BufferedRequest wrapped;
        private final ServletInputStream in;
        private final HttpServletResponse response;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final AtomicBoolean finished = new AtomicBoolean();
        private final byte[] chunk = new byte[8192];
        private long held;
        volatile ScheduledFuture<?> deadline;
        /** What to do once the body is read or refused, while the request thread still owns the request. */
        private Runnable outcome;

        private boolean detached;
        private long detachedAt;

        Reader(AsyncContext async, BufferedRequest wrapped, ServletInputStream in, HttpServletResponse response) {
            this.async = async;
            this.wrapped = wrapped;
            this.in = in;
            this.response = response;
        }

        /** On the request thread: wait briefly for the outcome and carry it out, or leave it to {@link #decide}. */
        void attend() {
            boolean waits = waiters.tryAcquire();
            Runnable action;
            try {
                synchronized (this) {
                    long end = System.nanoTime() + QUICK_WAIT.toNanos();
                    long left = end - System.nanoTime();
                    while (waits && outcome == null && left > 0) {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                        left = end - System.nanoTime();
                    }
                    action = outcome;
                    if (action == null) {
                        detach();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (this) {
                    action = outcome;
                    if (action == null) {
                        detach();
                        return;
                    }
                }
            } finally {
                if (waits) {
                    waiters.release();
                }
            }
            action.run();
        }

        private void detach() {
            detached = true;
            detachedAt = System.nanoTime();
        }

        /** The body was read or refused: hand the action to the request thread, or run it once that has left. */
        private void decide(Runnable action) {
            long delay;
            synchronized (this) {
                if (!detached) {
                    outcome = action;
                    notifyAll();
                    return;
                }
                delay = Math.max(0, detachedAt + GUARD.toNanos() - System.nanoTime());
            }
            try {
                deadlines.schedule(action, delay, TimeUnit.NANOSECONDS);
            } catch (IllegalStateException stopped) {
                // The application is stopping: answer now rather than never.
                action.run();
            }
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!finished.get() && in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return;
                }
                synchronized (this) {
                    if (body.size() + (long) n > config.maxBodyBytes()) {
                        refuse(Refusals.Reason.BODY_TOO_LARGE, ProblemResponse.tooLarge(config.maxBodyBytes()));
                        return;
                    }
                    if (buffered.addAndGet(n) > config.bufferBytes()) {
                        buffered.addAndGet(-n);
                        refuse(
                                Refusals.Reason.BODY_BUFFER_FULL,
                                ProblemResponse.overloaded(
                                        Duration.ofSeconds(1),
                                        "Too many request bodies are arriving at once; retry later."));
                        return;
                    }
                    held += n;
                    body.write(chunk, 0, n);
                }
            }
        }

        @Override
        public void onAllDataRead() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            cancelDeadline();
            synchronized (this) {
                wrapped.body(body.toByteArray());
                releaseHeld();
            }
            decide(this::admitAndDispatch);
        }

        private void admitAndDispatch() {
            long permit = admission.tryAcquire();
            if (permit < 0) {
                answer(Refusals.Reason.OVERLOADED, admission.refusal());
                return;
            }
            wrapped.setAttribute(Admission.PERMIT, permit);
            async.dispatch();
        }

        /**
         * Liberty's own read timeout, or a client that went away. Completing without an answer would commit an empty
         * 200, so the client (if it is still there) gets the 408 the deadline would have given it.
         */
        @Override
        public void onError(Throwable t) {
            if (isTimeout(t)) {
                timedOut();
            } else {
                refuse(
                        Refusals.Reason.FRAMING,
                        ProblemResponse.badFraming("The request body could not be read: its framing is malformed."));
            }
        }

        void timedOut() {
            refuse(Refusals.Reason.BODY_TIMEOUT, ProblemResponse.tooSlow(config.bodyTimeout()));
        }

        private void refuse(Refusals.Reason reason, ProblemResponse problem) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            cancelDeadline();
            releaseHeldSafely();
            decide(() -> answer(reason, problem));
        }

        private void answer(Refusals.Reason reason, ProblemResponse problem) {
            refusals.refused(reason);
            try {
                problem.writeTo(response);
            } catch (IOException | RuntimeException e) {
                // the client is gone; completing is all that is left
            }
            try {
                async.complete();
            } catch (IllegalStateException alreadyDone) {
                // completed by the container
            }
        }

        private void cancelDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
        }

        private synchronized void releaseHeldSafely() {
            releaseHeld();
        }

        private void releaseHeld() {
            buffered.addAndGet(-held);
            held = 0;
        }
    }

    static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.SocketTimeoutException
                    || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
