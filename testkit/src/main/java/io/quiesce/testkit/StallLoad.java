package io.quiesce.testkit;

import static io.quiesce.testkit.Stall.timed;

import io.quiesce.testkit.Stall.Caller;
import io.quiesce.testkit.Stall.Timed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load a {@link Stall} is tried under, the same in the stall ITs and the bench, as a user tried it (issue 23): an
 * open loop (each call leaves on its schedule whether or not earlier ones were answered, each on a connection of its
 * own) of 20 reads/s on {@code GET /api/instances}, one start/s, 5 requests/s that need no dependency, and the kubelet's
 * readiness and liveness probes every 500 ms. Open, because a closed loop stops sending while the server hangs, which
 * hides exactly the waiting requests that used to take the probes' threads.
 */
public final class StallLoad {

    public static final int READS_PER_SECOND = 20;
    public static final int STARTS_PER_SECOND = 1;
    public static final int OTHERS_PER_SECOND = 5;
    public static final Duration PROBE_PERIOD = Duration.ofMillis(500);
    /** A call still unanswered after this counts as not answered (status -1). */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final Map<String, String> headers;
    private final String startBody;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Timed> probes = new CopyOnWriteArrayList<>();
    private final List<Timed> reads = new CopyOnWriteArrayList<>();
    private final List<Timed> starts = new CopyOnWriteArrayList<>();
    private final List<Timed> others = new CopyOnWriteArrayList<>();

    /**
     * @param headers   sent with every API call (the bearer token of a role that may read and start)
     * @param startBody the body of each {@code POST /api/instances}; each start has an Idempotency-Key of its own, the
     *                  {@link Timed#what()} of its call, so that a client can retry it after the stall
     */
    public StallLoad(int port, Map<String, String> headers, String startBody) {
        this.port = port;
        this.headers = Map.copyOf(headers);
        this.startBody = startBody;
    }

    /** The callers to hand to {@link Stall#hang}, together with any a test adds. */
    public List<Caller> callers() {
        return List.of(
                new Caller(PROBE_PERIOD.toMillis(), () -> probes.add(probe("ready", "/health/ready"))),
                new Caller(PROBE_PERIOD.toMillis(), () -> probes.add(probe("live", "/health/live"))),
                new Caller(
                        1000 / READS_PER_SECOND,
                        () -> reads.add(timed("read", () -> send("GET", "/api/instances?limit=1", Map.of(), null)))),
                new Caller(
                        1000 / OTHERS_PER_SECOND,
                        () -> others.add(
                                timed("other", () -> send("GET", "/api/demo/sleep?seconds=0", Map.of(), null)))),
                new Caller(1000 / STARTS_PER_SECOND, () -> {
                    String key = "stall-" + run + "-" + sequence.incrementAndGet();
                    starts.add(timed(
                            key, () -> send("POST", "/api/instances", Map.of("Idempotency-Key", key), startBody)));
                }));
    }

    /** As the kubelet probes ({@link Prober}): a failed probe, also one slower than the timeout, has status -1. */
    private Timed probe(String name, String path) {
        Prober.Probe probe = Prober.probe(name, port, path, Stall.PROBE_TIMEOUT);
        return new Timed(name, probe.sentNanos(), Math.round(probe.millis()), probe.status(), null);
    }

    /** A call on a connection of its own; empty when no answer came within the client's timeout. */
    private Optional<HttpResponse> send(String method, String path, Map<String, String> extra, String json) {
        Map<String, String> all = new HashMap<>(headers);
        all.putAll(extra);
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", port, CLIENT_TIMEOUT)) {
            return Optional.of(connection.send(
                    method,
                    path,
                    all,
                    json == null ? null : "application/json",
                    json == null ? null : json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public List<Timed> probes() {
        return List.copyOf(probes);
    }

    public List<Timed> reads() {
        return List.copyOf(reads);
    }

    public List<Timed> starts() {
        return List.copyOf(starts);
    }

    /** Requests that need neither PostgreSQL nor Temporal. */
    public List<Timed> others() {
        return List.copyOf(others);
    }

    /** One line of what the load saw, for a test's log or the bench's output. */
    public String summary() {
        return String.format(
                "probes=%d probe_max_ms=%d probes_over_1s=%d reads=%d read_max_ms=%d reads_503=%d starts=%d "
                        + "start_max_ms=%d starts_503=%d others=%d other_max_ms=%d",
                probes.size(),
                Stall.max(probes),
                probes.stream().filter(p -> p.millis() > 1000).count(),
                reads.size(),
                Stall.max(reads),
                count(reads, 503),
                starts.size(),
                Stall.max(starts),
                count(starts, 503),
                others.size(),
                Stall.max(others));
    }

    /** The 503s among {@code calls} that do not say when to retry or are not a problem document. */
    public static List<Timed> unhelpful503s(List<Timed> calls) {
        return calls.stream()
                .filter(c -> c.status() == 503)
                .filter(c -> c.response().header("Retry-After") == null
                        || !String.valueOf(c.response().header("Content-Type")).startsWith("application/problem+json"))
                .toList();
    }

    public static long count(List<Timed> calls, int status) {
        return calls.stream().filter(c -> c.status() == status).count();
    }
}
