package io.quiesce.bench;

import io.quiesce.testkit.Directories;
import io.quiesce.testkit.Hold;
import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.OpenLoad;
import io.quiesce.testkit.Prober;
import io.quiesce.testkit.Prober.Probe;
import io.quiesce.testkit.ProcessStats;
import io.quiesce.testkit.Stats;
import io.quiesce.testkit.hostile.ForgedToken;
import io.quiesce.testkit.hostile.FramingCase;
import io.quiesce.testkit.hostile.HeldConnections;
import io.quiesce.testkit.hostile.RawExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Hostile clients and overload, one class at a time against a fresh server: what the kubelet's probes see meanwhile
 * (a new connection per probe, 1 s timeout), the server's threads and RSS, the bytes it writes to its logs and FFDC
 * directory (console included: a container's stdout lands on the node's disk too) per thousand hostile requests, and
 * what the hostile clients got back.
 */
final class HostileBenchmark {

    private static final Logger OUT = Logger.getLogger("bench");
    static final List<String> CLASSES = List.of(
            "slow-headers", "slow-bodies", "idle", "flood", "post-bursts", "late-bodies", "forged-tokens", "framing");
    static final Duration ATTACK = Duration.ofSeconds(30);
    static final Duration PROBE_PERIOD = Duration.ofMillis(500);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    static final int SLOW_CLIENTS = 300;
    static final int IDLE_CONNECTIONS = 3000;
    static final int BURST = 100;
    static final Duration BURST_EVERY = Duration.ofSeconds(5);
    static final int FORGED = 1000;
    static final int FRAMING_REPEATS = 20;

    /** What one class did to the server. */
    record Run(
            String name,
            long requests,
            List<Probe> probes,
            ProcessStats before,
            int threadsMax,
            long rssMax,
            long logBytes,
            Map<String, Long> statuses,
            List<String> notes) {}

    private final Servers servers;
    private final Path output;
    private final JvmOptions jvm;
    private final String token;

    HostileBenchmark(Servers servers, Path output, JvmOptions jvm, String token) {
        this.servers = servers;
        this.output = output;
        this.jvm = jvm;
        this.token = token;
    }

    Run run(Variant quiesce, String name) throws Exception {
        try (LibertyServer server =
                servers.launch(quiesce, "hostile", jvm, output.resolve("hostile-" + name), Map.of())) {
            Servers.awaitReady(server);
            Hold.forDuration(Duration.ofSeconds(3));
            int port = server.httpPort();
            long logsBefore = logBytes(server);
            ProcessStats before = ProcessStats.of(server.pid()).orElseThrow();
            Queue<Probe> probes = new ConcurrentLinkedQueue<>();
            AtomicBoolean probing = new AtomicBoolean(true);
            List<Thread> probers = List.of(
                    Prober.start("ready", port, "/health/ready", PROBE_PERIOD, PROBE_TIMEOUT, probes, probing),
                    Prober.start("live", port, "/health/live", PROBE_PERIOD, PROBE_TIMEOUT, probes, probing));
            Sampler sampler = new Sampler(server.pid());
            Attack attack = attack(name, port, server);
            probing.set(false);
            for (Thread prober : probers) {
                prober.join(5000);
            }
            sampler.stop();
            Hold.forDuration(Duration.ofSeconds(1));
            long logBytes = logBytes(server) - logsBefore;
            List<String> notes = new ArrayList<>(attack.notes());
            List<String> leaked = attack.forged().isEmpty()
                    ? List.of()
                    : ForgedToken.onDisk(server, attack.forged()).stream()
                            .map(line -> line.substring(0, line.indexOf(':')))
                            .distinct()
                            .toList();
            if (!attack.forged().isEmpty()) {
                notes.add(
                        leaked.isEmpty()
                                ? "no signature fragment on disk"
                                : "signature fragments on disk in " + leaked);
            }
            server.sigterm();
            server.awaitExit(Duration.ofSeconds(60));
            Run r = new Run(
                    name,
                    attack.requests(),
                    List.copyOf(probes),
                    before,
                    sampler.threadsMax(),
                    sampler.rssMax(),
                    logBytes,
                    attack.statuses(),
                    notes);
            OUT.info(() -> line(r));
            r.notes().forEach(n -> OUT.info("    " + n));
            return r;
        }
    }

    void report(List<Run> runs) {
        OUT.info("");
        OUT.info(String.format(
                "hostile clients (%s JVM options; %d s per class, fresh server each; probes every %d ms, new connection,"
                        + " timeout %d ms):",
                jvm.name(), ATTACK.toSeconds(), PROBE_PERIOD.toMillis(), PROBE_TIMEOUT.toMillis()));
        runs.forEach(r -> OUT.info(line(r)));
    }

    private static String line(Run r) {
        return String.format(
                "%-14s %6d requests | ready %s | live %s | threads %d -> %d | RSS %d -> %d MB | logs %d B (%d B per 1000)"
                        + " | %s",
                r.name(),
                r.requests(),
                probes(r.probes(), "ready"),
                probes(r.probes(), "live"),
                r.before().threads(),
                r.threadsMax(),
                r.before().rssMegabytes(),
                r.rssMax() / (1024 * 1024),
                r.logBytes(),
                r.requests() == 0 ? 0 : r.logBytes() * 1000 / r.requests(),
                r.statuses());
    }

    private static String probes(List<Probe> all, String name) {
        List<Probe> mine = all.stream().filter(p -> p.name().equals(name)).toList();
        List<Double> millis = mine.stream().map(Probe::millis).toList();
        return String.format(
                "p50 %.0f p99 %.0f max %.0f ms, %d/%d failed",
                Stats.median(millis),
                Stats.percentile(millis, 99),
                Stats.max(millis),
                mine.stream().filter(Probe::failed).count(),
                mine.size());
    }

    private record Attack(long requests, Map<String, Long> statuses, List<String> notes, List<String> forged) {
        Attack(long requests, Map<String, Long> statuses, List<String> notes) {
            this(requests, statuses, notes, List.of());
        }
    }

    private Attack attack(String name, int port, LibertyServer server) throws Exception {
        return switch (name) {
            case "slow-headers" ->
                held(HeldConnections.open(
                        port,
                        SLOW_CLIENTS,
                        "POST /api/demo/echo HTTP/1.1\r\nHost: localhost\r\n",
                        "X-Slow: " + "a".repeat(200),
                        Duration.ofSeconds(1)));
            case "slow-bodies" ->
                held(HeldConnections.open(
                        port,
                        SLOW_CLIENTS,
                        "POST /api/demo/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                                + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n",
                        "{\"a\":\"" + "a".repeat(192) + "\"}",
                        Duration.ofSeconds(1)));
            case "idle" -> held(HeldConnections.idle(port, IDLE_CONNECTIONS));
            case "flood" -> flood(port);
            case "post-bursts" -> bursts(port);
            case "late-bodies" -> lateBodies(port);
            case "forged-tokens" -> forged(port);
            case "framing" -> framing(port);
            default -> throw new IllegalArgumentException("unknown hostile class " + name + "; known: " + CLASSES);
        };
    }

    private static Attack held(HeldConnections connections) throws InterruptedException {
        Hold.forDuration(ATTACK);
        List<HeldConnections.Connection> all = connections.stop();
        List<Long> cut = all.stream()
                .filter(c -> c.endedMillis() >= 0)
                .map(HeldConnections.Connection::endedMillis)
                .toList();
        return new Attack(
                all.size(),
                HeldConnections.summary(all),
                cut.isEmpty()
                        ? List.of()
                        : List.of(String.format(
                                "answered or closed after p50 %.0f max %.0f ms", Stats.median(cut), Stats.max(cut))));
    }

    /** The rate the server sustains with 16 closed-loop keep-alive clients, then twice that, open loop. */
    private Attack flood(int port) throws Exception {
        String path = "/api/demo/sleep?seconds=0";
        AtomicLong done = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        for (int i = 0; i < 16; i++) {
            clients.submit(() -> {
                while (measuring.get()) {
                    try (HttpConnection c = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(10))) {
                        c.withHeader("Authorization", "Bearer " + token);
                        while (measuring.get() && c.isOpen()) {
                            if (c.get(path).status() == 200) {
                                done.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        // next connection
                    }
                }
                return null;
            });
        }
        Hold.forDuration(Duration.ofSeconds(5));
        long from = done.get();
        Hold.forDuration(Duration.ofSeconds(10));
        double capacity = (done.get() - from) / 10.0;
        measuring.set(false);
        clients.shutdown();
        clients.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS);
        double rate = 2 * capacity;
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token);
        OpenLoad load = OpenLoad.start(
                port,
                rate,
                400,
                Duration.ofSeconds(10),
                seq -> new OpenLoad.Request("get", "GET", path, headers, null));
        Hold.forDuration(ATTACK);
        List<OpenLoad.Outcome> outcomes = load.stop(Duration.ofSeconds(15));
        Map<String, Long> statuses = outcomes.stream()
                .collect(Collectors.groupingBy(
                        o -> o.status() > 0 ? String.valueOf(o.status()) : String.valueOf(o.failure()),
                        TreeMap::new,
                        Collectors.counting()));
        List<String> notes = new ArrayList<>();
        notes.add(String.format(
                "capacity %.0f req/s (16 closed-loop clients), offered %.0f req/s open loop, %d unsent",
                capacity, rate, load.unsent()));
        for (int status : List.of(200, 503)) {
            List<Double> millis = outcomes.stream()
                    .filter(o -> o.status() == status)
                    .map(OpenLoad.Outcome::latencyMillis)
                    .toList();
            if (!millis.isEmpty()) {
                notes.add(String.format(
                        "%d: p50 %.0f p99 %.0f max %.0f ms (from the scheduled arrival)",
                        status, Stats.median(millis), Stats.percentile(millis, 99), Stats.max(millis)));
            }
        }
        return new Attack(outcomes.size() + load.unsent(), statuses, notes);
    }

    private Attack bursts(int port) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        List<Future<Integer>> results = new ArrayList<>();
        String body = "{\"type\":\"report\",\"input\":{\"steps\":2,\"stepMillis\":500}}";
        long end = System.nanoTime() + ATTACK.toNanos();
        while (System.nanoTime() < end) {
            for (int i = 0; i < BURST; i++) {
                results.add(pool.submit(() -> {
                    try (HttpConnection c = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(30))) {
                        c.withHeader("Authorization", "Bearer " + token);
                        return c.post("/api/instances", "application/json", body)
                                .status();
                    } catch (IOException e) {
                        return -1;
                    }
                }));
            }
            Hold.forDuration(BURST_EVERY);
        }
        Map<String, Long> statuses = new TreeMap<>();
        for (Future<Integer> f : results) {
            statuses.merge(String.valueOf(f.get()), 1L, Long::sum);
        }
        pool.shutdown();
        long settleStart = System.nanoTime();
        boolean settled = io.quiesce.testkit.Poll.until(Duration.ofSeconds(120), Duration.ofSeconds(1), () -> {
                    try (HttpConnection c = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(10))) {
                        c.withHeader("Authorization", "Bearer " + token);
                        HttpResponse r = c.get("/api/instances?status=RUNNING&limit=1");
                        return r.status() == 200 && r.bodyText().contains("\"items\":[]")
                                ? java.util.Optional.of(true)
                                : java.util.Optional.empty();
                    } catch (IOException e) {
                        return java.util.Optional.empty();
                    }
                })
                .isPresent();
        return new Attack(
                results.size(),
                statuses,
                List.of(String.format(
                        "%d bursts of %d POST /api/instances every %d s; instances %s %.1f s after the last burst",
                        results.size() / BURST,
                        BURST,
                        BURST_EVERY.toSeconds(),
                        settled ? "all finished" : "still RUNNING",
                        (System.nanoTime() - settleStart) / 1e9)));
    }

    /**
     * Bursts of {@link #BURST} bodies that arrive in two parts 30-210 ms apart (read without a thread, dispatched after
     * their request thread left): each must get its echo or a 503, never an empty 200.
     */
    private Attack lateBodies(int port) throws Exception {
        String json = "{\"late\":\"" + "b".repeat(100) + "\"}";
        byte[] head = ("POST /api/demo/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n"
                        + json.substring(0, 40))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] rest = json.substring(40).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        List<Future<String>> results = new ArrayList<>();
        long end = System.nanoTime() + ATTACK.toNanos();
        while (System.nanoTime() < end) {
            for (int i = 0; i < BURST; i++) {
                Duration pause = Duration.ofMillis(30 + 20 * (i % 10));
                results.add(pool.submit(() -> {
                    RawExchange e = RawExchange.send(port, List.of(head, rest), pause, Duration.ofSeconds(2));
                    if (e.status() == 200) {
                        return e.received().endsWith(json) ? "200 echoed" : "200 without the echo";
                    }
                    return String.valueOf(e.status());
                }));
            }
            Hold.forDuration(Duration.ofSeconds(2));
        }
        Map<String, Long> statuses = new TreeMap<>();
        for (Future<String> f : results) {
            statuses.merge(f.get(), 1L, Long::sum);
        }
        pool.shutdown();
        return new Attack(
                results.size(),
                statuses,
                List.of(String.format(
                        "%d bursts of %d POST /api/demo/echo, each body in two parts 30-210 ms apart",
                        results.size() / BURST, BURST)));
    }

    private Attack forged(int port) throws Exception {
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            forged.add(ForgedToken.forge(token, i));
        }
        Map<String, Long> statuses = new TreeMap<>();
        HttpConnection c = null;
        for (int i = 0; i < FORGED; i++) {
            try {
                if (c == null || !c.isOpen()) {
                    c = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(10));
                }
                HttpResponse r = c.send(
                        "GET",
                        "/api/instances?limit=1",
                        Map.of("Authorization", "Bearer " + forged.get(i % forged.size())),
                        null,
                        null);
                statuses.merge(String.valueOf(r.status()), 1L, Long::sum);
            } catch (IOException e) {
                statuses.merge("error", 1L, Long::sum);
                c = null;
            }
        }
        if (c != null) {
            c.close();
        }
        return new Attack(FORGED, statuses, List.of(), forged);
    }

    private Attack framing(int port) throws IOException {
        Map<String, Long> statuses = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        long requests = 0;
        Map<String, List<FramingCase>> variants = new LinkedHashMap<>();
        variants.put("token", FramingCase.all("/api/demo/echo", "Bearer " + token));
        variants.put("anonymous", FramingCase.all("/api/demo/echo", null));
        for (Map.Entry<String, List<FramingCase>> variant : variants.entrySet()) {
            for (FramingCase c : variant.getValue()) {
                RawExchange first = null;
                for (int i = 0; i < FRAMING_REPEATS; i++) {
                    RawExchange e = RawExchange.send(port, c.bytes(), Duration.ofSeconds(1));
                    first = first == null ? e : first;
                    requests++;
                    statuses.merge(e.refusedAndClosed() ? "refused" : "accepted", 1L, Long::sum);
                }
                notes.add(String.format("%-9s %-38s %s", variant.getKey(), c.name(), first.describe()));
            }
        }
        return new Attack(requests, statuses, notes);
    }

    private static long logBytes(LibertyServer server) throws IOException {
        return Directories.size(server.logsDirectory()) + Files.size(server.consoleLog());
    }

    /** The server's threads and RSS, the highest seen, every 250 ms. */
    private static final class Sampler {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile int threads;
        private volatile long rss;
        private final Thread thread;

        Sampler(long pid) {
            thread = new Thread(
                    () -> {
                        while (running.get()) {
                            ProcessStats.of(pid).ifPresent(s -> {
                                threads = Math.max(threads, s.threads());
                                rss = Math.max(rss, s.rssBytes());
                            });
                            Hold.forDuration(Duration.ofMillis(250));
                        }
                    },
                    "sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(2000);
        }

        int threadsMax() {
            return threads;
        }

        long rssMax() {
            return rss;
        }
    }
}
