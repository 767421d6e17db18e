package io.quiesce.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A dependency that hangs: the server reaches it through a {@link PausableProxy} that stops relaying while every
 * connection stays open, as with a paused process or a partition. The stall ITs assert on what is sent meanwhile; the
 * bench prints it.
 */
public final class Stall implements AutoCloseable {

    /** The overlays' readiness and liveness timeoutSeconds. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** How long calls sent during a stall may take to be answered once it has ended. */
    private static final Duration ANSWERS_AFTER = Duration.ofSeconds(90);

    /** A dependency of the server and the setting that points the server at a relay in front of it. */
    public enum Dependency {
        POSTGRESQL("postgresql", "QUIESCE_DB_URL", port -> "jdbc:postgresql://127.0.0.1:" + port + "/quiesce"),
        TEMPORAL("temporal", "QUIESCE_TEMPORAL_TARGET", port -> "127.0.0.1:" + port);

        private final String label;
        private final String variable;
        private final IntFunction<String> address;

        Dependency(String label, String variable, IntFunction<String> address) {
            this.label = label;
            this.variable = variable;
            this.address = address;
        }

        public String label() {
            return label;
        }
    }

    /** When the relay stopped and resumed relaying, in {@link System#nanoTime()}. */
    public record Window(long fromNanos, long toNanos) {
        public boolean contains(long nanos) {
            return nanos >= fromNanos && nanos < toNanos;
        }
    }

    /** A call sent every {@code everyMillis} while the dependency hangs. */
    public record Caller(long everyMillis, Runnable call) {}

    /** One call and its answer. Status -1: no answer within the client's timeout; -2: the connection failed. */
    public record Timed(String what, long sentNanos, long millis, int status, HttpResponse response) {
        @Override
        public String toString() {
            return what + " status=" + status + " after " + millis + " ms";
        }
    }

    private final Dependency dependency;
    private final PausableProxy relay;

    private Stall(Dependency dependency, PausableProxy relay) {
        this.dependency = dependency;
        this.relay = relay;
    }

    /** A relay to the dependency listening at {@code port}, relaying until {@link #hang} or {@link #pause}. */
    public static Stall of(Dependency dependency, int port) throws IOException {
        return new Stall(dependency, new PausableProxy(port));
    }

    public Dependency dependency() {
        return dependency;
    }

    /** The server's environment that sends its traffic to this dependency through the relay. */
    public Map<String, String> serverEnvironment() {
        return Map.of(dependency.variable, dependency.address.apply(relay.port()));
    }

    /** Stops relaying until {@link #resume}, e.g. before a server starts. */
    public void pause() {
        relay.pause();
    }

    public void resume() {
        relay.resume();
    }

    /**
     * Hangs the dependency for {@code length} while the callers send at their rates, resumes it and waits until every
     * call sent meanwhile has been answered.
     */
    public Window hang(Duration length, List<Caller> callers) throws InterruptedException {
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ExecutorService calls = Executors.newCachedThreadPool();
        try {
            relay.pause();
            long from = System.nanoTime();
            for (Caller caller : callers) {
                clock.scheduleAtFixedRate(
                        () -> calls.execute(caller.call()), 0, caller.everyMillis(), TimeUnit.MILLISECONDS);
            }
            Poll.untilTrue(
                    "the stall to last " + length,
                    length.plusSeconds(5),
                    () -> System.nanoTime() - from >= length.toNanos());
            clock.shutdownNow();
            long to = System.nanoTime();
            relay.resume();
            calls.shutdown();
            if (!calls.awaitTermination(ANSWERS_AFTER.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("calls sent during the stall still unanswered " + ANSWERS_AFTER.toSeconds()
                        + " s after it ended");
            }
            return new Window(from, to);
        } finally {
            clock.shutdownNow();
            calls.shutdownNow();
            relay.resume();
        }
    }

    public static Timed timed(String what, Supplier<Optional<HttpResponse>> call) {
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

    /** The calls not answered with one of {@code statuses} within {@code bound}. */
    public static List<Timed> outside(List<Timed> calls, Duration bound, Integer... statuses) {
        List<Integer> allowed = List.of(statuses);
        return calls.stream()
                .filter(c -> !allowed.contains(c.status()) || c.millis() >= bound.toMillis())
                .toList();
    }

    public static long max(List<Timed> calls) {
        return calls.stream().mapToLong(Timed::millis).max().orElse(-1);
    }

    @Override
    public void close() {
        relay.close();
    }
}
