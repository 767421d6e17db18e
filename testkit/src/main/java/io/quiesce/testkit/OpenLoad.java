package io.quiesce.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Open-loop load: requests arrive at a fixed rate whatever the server does (unlike {@link SteadyLoad}, whose clients
 * wait for each answer), over keep-alive connections without retries. An arrival goes to an idle connection; when none
 * is idle a new one opens, up to {@code maxConnections}. Latency counts from the scheduled arrival, so a stalled server
 * shows as latency instead of as a lower rate. Like a connection pool, an idle connection is checked for a close by the
 * server before it is reused. The dispatcher and one thread per connection.
 */
public final class OpenLoad {

    /** What went wrong with a request that got no usable answer. */
    public enum Failure {
        REFUSED,
        RESET,
        EOF,
        TIMEOUT,
        NON_2XX,
        OTHER
    }

    public record Request(String kind, String method, String path, Map<String, String> headers, String jsonBody) {}

    /**
     * One request as the client saw it. {@code connection} numbers the connection in open order, {@code clientPort}
     * its local port; {@code status} is -1 when no response came; {@code retryAfter} the answer's {@code Retry-After},
     * or null.
     */
    public record Outcome(
            long seq,
            String kind,
            long scheduledNanos,
            long doneNanos,
            int connection,
            int clientPort,
            boolean firstOnConnection,
            int status,
            Failure failure,
            String error,
            String body,
            String retryAfter) {

        public double latencyMillis() {
            return (doneNanos - scheduledNanos) / 1e6;
        }
    }

    private record Arrival(long seq, long scheduledNanos) {}

    private final int port;
    private final double rate;
    private final int maxConnections;
    private final Duration timeout;
    private final LongFunction<Request> requests;
    private final Consumer<Outcome> onOutcome;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicBoolean arriving = new AtomicBoolean(true);
    private final AtomicBoolean working = new AtomicBoolean(true);
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger staleConnections = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Thread dispatcher;

    private OpenLoad(
            int port,
            double rate,
            int maxConnections,
            Duration timeout,
            LongFunction<Request> requests,
            Consumer<Outcome> onOutcome) {
        this.port = port;
        this.rate = rate;
        this.maxConnections = maxConnections;
        this.timeout = timeout;
        this.requests = requests;
        this.onOutcome = onOutcome;
        this.dispatcher = new Thread(this::dispatch, "open-load-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    public static OpenLoad start(
            int port, double requestsPerSecond, int maxConnections, Duration timeout, LongFunction<Request> requests) {
        return start(port, requestsPerSecond, maxConnections, timeout, requests, outcome -> {});
    }

    /** @param onOutcome told of each request as it completes, on the connection's thread: must not block */
    public static OpenLoad start(
            int port,
            double requestsPerSecond,
            int maxConnections,
            Duration timeout,
            LongFunction<Request> requests,
            Consumer<Outcome> onOutcome) {
        OpenLoad load = new OpenLoad(port, requestsPerSecond, maxConnections, timeout, requests, onOutcome);
        load.dispatcher.start();
        return load;
    }

    private void dispatch() {
        long start = System.nanoTime();
        long interval = (long) (1e9 / rate);
        for (long seq = 0; arriving.get(); seq++) {
            long scheduled = start + seq * interval;
            LockSupport.parkNanos(scheduled - System.nanoTime());
            arrivals.add(new Arrival(seq, scheduled));
            synchronized (workers) {
                if (idle.get() == 0 && workers.size() < maxConnections) {
                    Thread worker = new Thread(this::work, "open-load-" + workers.size());
                    worker.setDaemon(true);
                    workers.add(worker);
                    idle.incrementAndGet();
                    worker.start();
                }
            }
        }
    }

    private void work() {
        HttpConnection connection = null;
        int connectionId = -1;
        boolean first = false;
        try {
            while (working.get()) {
                Arrival arrival = arrivals.poll(100, TimeUnit.MILLISECONDS);
                if (arrival == null) {
                    continue;
                }
                idle.decrementAndGet();
                busy.incrementAndGet();
                Request request = requests.apply(arrival.seq());
                int clientPort = -1;
                try {
                    if (connection != null && connection.closedByServer()) {
                        staleConnections.incrementAndGet();
                    }
                    if (connection == null || !connection.isOpen()) {
                        connectionId = connections.incrementAndGet();
                        connection = HttpConnection.open("127.0.0.1", port, timeout);
                        first = true;
                    }
                    clientPort = connection.localPort();
                    HttpResponse response = connection.send(
                            request.method(),
                            request.path(),
                            request.headers(),
                            request.jsonBody() == null ? null : "application/json",
                            request.jsonBody() == null
                                    ? null
                                    : request.jsonBody().getBytes(StandardCharsets.UTF_8));
                    Outcome answered = new Outcome(
                            arrival.seq(),
                            request.kind(),
                            arrival.scheduledNanos(),
                            System.nanoTime(),
                            connectionId,
                            clientPort,
                            first,
                            response.status(),
                            response.isSuccess() ? null : Failure.NON_2XX,
                            null,
                            response.bodyText(),
                            response.header("Retry-After"));
                    if (answered.failure() != null) {
                        failed.incrementAndGet();
                    }
                    outcomes.add(answered);
                    onOutcome.accept(answered);
                } catch (IOException e) {
                    failed.incrementAndGet();
                    outcomes.add(new Outcome(
                            arrival.seq(),
                            request.kind(),
                            arrival.scheduledNanos(),
                            System.nanoTime(),
                            connectionId,
                            clientPort,
                            first,
                            -1,
                            classify(e),
                            e.toString(),
                            null,
                            null));
                    connection = null;
                } finally {
                    first = false;
                    busy.decrementAndGet();
                    idle.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    static Failure classify(IOException e) {
        if (e instanceof ConnectException) {
            return Failure.REFUSED;
        }
        if (e instanceof SocketTimeoutException) {
            return Failure.TIMEOUT;
        }
        if (e instanceof EOFException) {
            return Failure.EOF;
        }
        if (e instanceof SocketException
                && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
            return Failure.RESET;
        }
        return Failure.OTHER;
    }

    public int completed() {
        return outcomes.size();
    }

    /** Completed requests that got no usable answer, so far. */
    public int failed() {
        return failed.get();
    }

    /** Stops new arrivals, lets every arrived request finish within {@code drain}, then closes the connections. */
    public List<Outcome> stop(Duration drain) throws InterruptedException {
        arriving.set(false);
        dispatcher.join();
        Poll.until(
                drain,
                Duration.ofMillis(50),
                () -> arrivals.isEmpty() && busy.get() == 0 ? Optional.of(true) : Optional.empty());
        working.set(false);
        List<Thread> all;
        synchronized (workers) {
            all = List.copyOf(workers);
        }
        for (Thread worker : all) {
            worker.join(timeout.toMillis() + 1000);
        }
        return List.copyOf(outcomes);
    }

    public int connectionsOpened() {
        return connections.get();
    }

    /** Idle connections found closed by the server before a request was sent on them (a new one was opened). */
    public int staleConnections() {
        return staleConnections.get();
    }

    /** Arrivals the load never sent because every connection was busy until the end. */
    public int unsent() {
        return arrivals.size();
    }
}
