package io.quiesce.api.http;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where the API's resources do their work, so that a request waiting on the database or Temporal holds none of Liberty's
 * request threads (which the probes share): the resource returns a {@link CompletionStage} and the servlet request is
 * suspended until it completes; the drain counts it all the while. Two bounded executors from server.xml, so that starts
 * and cancels stuck on a hung Temporal never queue the reads: each runs at most {@code max} tasks, queues at most
 * {@code maxQueueSize}, and a task that waits longer than {@code startTimeout} is aborted. Full or aborted answers 503
 * {@code server-busy} with {@code Retry-After} ({@link io.quiesce.api.problem.ProblemMappers}).
 */
@ApplicationScoped
public class RequestExecutors {

    public static final String READS = "concurrent/quiesce-api-reads";
    public static final String WRITES = "concurrent/quiesce-api-writes";

    @Resource(lookup = READS)
    ManagedExecutorService reads;

    @Resource(lookup = WRITES)
    ManagedExecutorService writes;

    /** Work that reads from the database only. */
    public <T> CompletionStage<T> read(Supplier<T> work) {
        return reads.supplyAsync(work);
    }

    /** Work that changes something, possibly through Temporal or the scheduler. */
    public <T> CompletionStage<T> write(Supplier<T> work) {
        return writes.supplyAsync(work);
    }
}
