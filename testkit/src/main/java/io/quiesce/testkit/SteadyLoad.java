package io.quiesce.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Keep-alive clients without retries: each keeps its connection until the server answers {@code Connection: close} (or
 * fails), like a pooled HTTP client, and every request is recorded, so that a test can count failures.
 */
public final class SteadyLoad implements AutoCloseable {

    /** One short request as the client saw it; {@code status} is -1 and {@code error} set when it got no response. */
    public record Outcome(
            long sentNanos,
            long doneNanos,
            int worker,
            int connection,
            String request,
            int status,
            boolean closeHeader,
            String error) {

        public boolean failed() {
            return error != null || status < 200 || status >= 300;
        }
    }

    public record Request(String method, String path, String jsonBody) {

        public static Request get(String path) {
            return new Request("GET", path, null);
        }

        public static Request postJson(String path, String body) {
            return new Request("POST", path, body);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Thread> workers;

    /** {@code workers} / {@code pause} is the offered rate. */
    public SteadyLoad(int port, int workers, Duration pause, List<Request> requests) {
        this(port, workers, pause, requests, Map.of());
    }

    public SteadyLoad(int port, int workers, Duration pause, List<Request> requests, Map<String, String> headers) {
        this.workers = java.util.stream.IntStream.range(0, workers)
                .mapToObj(i -> new Thread(() -> work(i, port, pause, requests, headers), "steady-load-" + i))
                .toList();
        this.workers.forEach(Thread::start);
    }

    private void work(int worker, int port, Duration pause, List<Request> requests, Map<String, String> headers) {
        HttpConnection connection = null;
        int connectionId = -1;
        for (int i = worker; running.get(); i++) {
            Request request = requests.get(i % requests.size());
            long sent = System.nanoTime();
            try {
                if (connection == null || !connection.isOpen()) {
                    connectionId = connections.incrementAndGet();
                    connection = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(30));
                    headers.forEach(connection::withHeader);
                }
                HttpResponse response = request.jsonBody() == null
                        ? connection.get(request.path())
                        : connection.post(request.path(), "application/json", request.jsonBody());
                outcomes.add(new Outcome(
                        sent,
                        System.nanoTime(),
                        worker,
                        connectionId,
                        request.toString(),
                        response.status(),
                        response.closesConnection(),
                        null));
            } catch (IOException e) {
                outcomes.add(new Outcome(
                        sent, System.nanoTime(), worker, connectionId, request.toString(), -1, false, e.toString()));
                connection = null;
            }
            LockSupport.parkNanos(pause.toNanos());
        }
        if (connection != null) {
            connection.close();
        }
    }

    public int completed() {
        return outcomes.size();
    }

    public List<Outcome> stop() throws InterruptedException {
        running.set(false);
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(60).toMillis());
        }
        return List.copyOf(outcomes);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
