package io.quiesce.api.http;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quiesce.lifecycle.config.ConfigReader;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * Where the API's resources do their work, so that a request waiting on the database or Temporal holds none of Liberty's
 * request threads (which the probes share): the resource returns a {@link CompletionStage} and the servlet request is
 * suspended until it completes; the drain counts it all the while. Two bounded executors from server.xml, so that starts
 * and cancels stuck on a hung Temporal never queue the reads: each runs at most {@code max} tasks and queues at most
 * {@code maxQueueSize}. A request that finds the queue full, or waits longer than {@value #QUEUE_WAIT} for a turn, is
 * answered 503 {@code server-busy} at once and leaves the queue (Liberty's own {@code startTimeout} only acts when a turn
 * comes, which with a hung dependency is the dependency's own timeout later). The work runs in the request's trace.
 */
@ApplicationScoped
public class RequestExecutors {

    public static final String READS = "concurrent/quiesce-api-reads";
    public static final String WRITES = "concurrent/quiesce-api-writes";
    public static final String QUEUE_WAIT = "quiesce.api.queue-wait";

    private static final int QUEUED = 0;
    private static final int STARTED = 1;
    private static final int GIVEN_UP = 2;

    @Resource(lookup = READS)
    ManagedExecutorService reads;

    @Resource(lookup = WRITES)
    ManagedExecutorService writes;

    @Inject
    Config config;

    private volatile Duration queueWait;

    /** At the application's start, so that a bad value stops it there. */
    void validate(@Observes @Initialized(ApplicationScoped.class) Object started) {
        queueWait();
    }

    /** Work that reads from the database only. */
    public <T> CompletionStage<T> read(Supplier<T> work) {
        return run(reads, work);
    }

    /** Work that changes something, possibly through Temporal or the scheduler. */
    public <T> CompletionStage<T> write(Supplier<T> work) {
        return run(writes, work);
    }

    private <T> CompletionStage<T> run(ManagedExecutorService executor, Supplier<T> work) {
        Context trace = Context.current();
        AtomicInteger state = new AtomicInteger(QUEUED);
        CompletableFuture<T> task = executor.supplyAsync(() -> {
            if (!state.compareAndSet(QUEUED, STARTED)) {
                throw new CancellationException("the request had already been answered 503");
            }
            try (Scope scope = trace.makeCurrent()) {
                return work.get();
            }
        });
        CompletableFuture<T> answer = new CompletableFuture<>();
        task.whenComplete((value, failure) -> {
            if (failure == null) {
                answer.complete(value);
            } else if (state.get() == STARTED) {
                answer.completeExceptionally(failure);
            } else {
                answer.completeExceptionally(busy("its executor did not start it", failure));
            }
        });
        Duration wait = queueWait();
        CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> {
                    if (state.compareAndSet(QUEUED, GIVEN_UP)) {
                        task.cancel(false);
                        answer.completeExceptionally(busy("it waited " + wait.toMillis() + " ms for a turn", null));
                    }
                });
        return answer;
    }

    private Duration queueWait() {
        Duration wait = queueWait;
        if (wait == null) {
            wait = new ConfigReader(name -> config.getOptionalValue(name, String.class), "quiesce-api")
                    .duration(QUEUE_WAIT, Duration.ofMillis(100), Duration.ofMinutes(1));
            queueWait = wait;
        }
        return wait;
    }

    private static RejectedExecutionException busy(String why, Throwable cause) {
        RejectedExecutionException e = new RejectedExecutionException("The request was not started: " + why);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
