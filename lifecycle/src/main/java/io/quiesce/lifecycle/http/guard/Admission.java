package io.quiesce.lifecycle.http.guard;

import io.quiesce.lifecycle.http.ProblemResponse;

/**
 * Whether a request may enter the application now (the concurrency limit). A request whose body was read without a
 * thread asks here before it is dispatched, so that a refusal is written on the read's own asynchronous context: a
 * filter that answered during the asynchronous dispatch instead met a Liberty 26.0.0.3 bug (SRVE8092W, an empty 200).
 */
public interface Admission {

    /** Set on a request that holds a permit from {@link #tryAcquire()}. */
    String PERMIT = "io.quiesce.lifecycle.http.limit-permit";

    Admission ALWAYS = new Admission() {
        @Override
        public long tryAcquire() {
            return 0;
        }

        @Override
        public void release(long permit) {}

        @Override
        public ProblemResponse refusal() {
            throw new IllegalStateException("never refuses");
        }
    };

    /** A permit, or -1 when the request must be refused with {@link #refusal()}. */
    long tryAcquire();

    void release(long permit);

    ProblemResponse refusal();
}
