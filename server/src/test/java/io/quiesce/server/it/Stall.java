package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.PausableProxy;
import io.quiesce.testkit.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A dependency hung behind a relay for a while, with calls sent at fixed rates meanwhile and each one timed. */
final class Stall {

    /** The overlays' readiness and liveness timeoutSeconds. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private Stall() {}

    /** Status -1: no answer within the client's timeout; -2: the connection failed. */
    record Timed(String what, long sentNanos, long millis, int status, HttpResponse response) {
        @Override
        public String toString() {
            return what + " status=" + status + " after " + millis + " ms";
        }
    }

    /** A call sent every {@code everyMillis} during the stall. */
    record Caller(long everyMillis, Runnable call) {}

    static Timed timed(String what, Supplier<Optional<HttpResponse>> call) {
        long sent = System.nanoTime();
        HttpResponse response = null;
        int status;
        try {
            response = call.get().orElse(null);
            status = response == null ? -1 : response.status();
        } catch (RuntimeException e) {
            status = -2;
        }
        return new Timed(what, sent, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), status, response);
    }

    /** Pauses the relay for {@code length}, runs the callers meanwhile, resumes it and waits until every call answered. */
    static void run(PausableProxy proxy, Duration length, List<Caller> callers) throws InterruptedException {
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ExecutorService calls = Executors.newCachedThreadPool();
        try {
            proxy.pause();
            long start = System.nanoTime();
            for (Caller caller : callers) {
                clock.scheduleAtFixedRate(
                        () -> calls.execute(caller.call()), 0, caller.everyMillis(), TimeUnit.MILLISECONDS);
            }
            Poll.untilTrue(
                    "the stall to last " + length,
                    length.plusSeconds(5),
                    () -> System.nanoTime() - start >= length.toNanos());
            clock.shutdownNow();
            proxy.resume();
            calls.shutdown();
            if (!calls.awaitTermination(90, TimeUnit.SECONDS)) {
                throw new AssertionError("calls sent during the stall still unanswered 90 s after it ended");
            }
        } finally {
            clock.shutdownNow();
            calls.shutdownNow();
            proxy.resume();
        }
    }

    /** Every call answered with one of {@code statuses} within {@code bound}; there were some. */
    static void assertAnswered(String what, List<Timed> calls, Duration bound, Integer... statuses) {
        assertThat(calls).as(what).isNotEmpty().allSatisfy(c -> {
            assertThat(c.status()).as(c.toString()).isIn((Object[]) statuses);
            assertThat(c.millis()).as(c.toString()).isLessThan(bound.toMillis());
        });
    }

    static long max(List<Timed> calls) {
        return calls.stream().mapToLong(Timed::millis).max().orElse(-1);
    }
}
