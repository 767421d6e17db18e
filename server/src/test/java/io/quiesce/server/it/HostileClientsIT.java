package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Directories;
import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.OpenLoad;
import io.quiesce.testkit.Poll;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hostile clients and overload against one packaged server (docs/hardening.md), each with kubelet-like probes running
 * throughout (a new connection per probe, 1 s timeout): every probe must be answered 200 within the kubelet's timeout,
 * and the server's threads stay bounded. The latencies are logged; the bench ({@code -Dbench.suites=hostile}) measures
 * them against their goals. The forged tokens go first, while nothing else writes to the log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientsIT {

    private static final Logger LOG = Logger.getLogger(HostileClientsIT.class.getName());
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final int LIMIT_MAX = 16;
    /** Liberty's executor (quiesce.http.max-threads) plus the worker's, Quartz's, gRPC's and the JVM's own. */
    private static final int THREAD_BOUND = 220;

    private static LibertyServer server;
    private static int port;
    private static String operator;

    @BeforeAll
    static void start() throws IOException {
        server = PackagedServer.start(
                "hostile",
                Map.of(
                        "QUIESCE_HTTP_BODY_READ_TIMEOUT",
                        BODY_TIMEOUT.toSeconds() + "s",
                        "QUIESCE_HTTP_READ_TIMEOUT",
                        READ_TIMEOUT.toSeconds() + "s",
                        "QUIESCE_HTTP_LIMIT_MAX",
                        Integer.toString(LIMIT_MAX),
                        "QUIESCE_HTTP_LIMIT_INITIAL",
                        Integer.toString(LIMIT_MAX)));
        port = server.httpPort();
        Http.awaitStatus(port, "/health/ready", 200, Duration.ofSeconds(180));
        operator = Tokens.operator();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(3)
    void slowBodiesAreCutWithA408AndHoldNoRequestThread() throws Exception {
        try (Probing probing = new Probing("slow-bodies")) {
            HeldConnections slow = HeldConnections.open(
                    port,
                    300,
                    "POST /api/demo/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + operator
                            + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n",
                    "{\"a\":\"" + "a".repeat(192) + "\"}",
                    Duration.ofSeconds(1));
            Poll.untilTrue("every slow body answered", Duration.ofSeconds(60), () -> slow.stillOpen() == 0);
            List<HeldConnections.Connection> all = slow.stop();
            LOG.info(() -> "event=it.slow_bodies outcomes=" + HeldConnections.summary(all));
            // 300 connections arriving at once on two cores can keep Liberty's executor queue over the queue-delay
            // gate: the later ones are then refused 503 overloaded before their body is read (hardening.md).
            assertThat(HeldConnections.summary(all).keySet())
                    .contains("408 closed")
                    .isSubsetOf("408 closed", "503 kept open");
            assertThat(all)
                    .allSatisfy(c -> assertThat(c.endedMillis())
                            .isLessThan(BODY_TIMEOUT.plusSeconds(10).toMillis()));
        }
        HttpResponse echo = new Api(port, "/").post("api/demo/echo", operator, "{\"a\":1}");
        assertThat(echo.status()).isEqualTo(200);
        assertThat(echo.bodyText()).isEqualTo("{\"a\":1}");
    }

    @Test
    @Order(4)
    void slowHeadersAndIdleConnectionsHoldNoThreadAndIdleOnesAreClosed() throws Exception {
        try (Probing probing = new Probing("slow-headers-and-idle")) {
            HeldConnections slowHeaders = HeldConnections.open(
                    port,
                    300,
                    "POST /api/demo/echo HTTP/1.1\r\nHost: localhost\r\n",
                    "X-Slow: " + "a".repeat(100),
                    Duration.ofSeconds(1));
            HeldConnections idle = HeldConnections.idle(port, 2000);
            Poll.untilTrue(
                    "idle connections closed by the server", READ_TIMEOUT.plusSeconds(30), () -> idle.stillOpen() == 0);
            List<HeldConnections.Connection> idleOnes = idle.stop();
            List<HeldConnections.Connection> slowOnes = slowHeaders.stop();
            LOG.info(() -> "event=it.idle outcomes=" + HeldConnections.summary(idleOnes) + " slow_headers="
                    + HeldConnections.summary(slowOnes));
            // Liberty answers a connection silent for the read timeout with 408 and closes it.
            assertThat(HeldConnections.summary(idleOnes).keySet()).isSubsetOf("408 closed", "closed unanswered");
        }
    }

    @Test
    @Order(5)
    void overloadIsShedWithFast503sWhileAcceptedRequestsKeepTheirLatency() throws Exception {
        String path = "/api/demo/sleep?seconds=1";
        Map<String, String> headers = Map.of("Authorization", "Bearer " + operator);
        List<OpenLoad.Outcome> outcomes;
        try (Probing probing = new Probing("overload")) {
            // Every request holds its permit for a second: 60 a second need ~60 at once, far over the limit.
            OpenLoad load = OpenLoad.start(
                    port,
                    60,
                    200,
                    Duration.ofSeconds(30),
                    seq -> new OpenLoad.Request("sleep", "GET", path, headers, null));
            io.quiesce.testkit.Hold.forDuration(Duration.ofSeconds(10));
            outcomes = load.stop(Duration.ofSeconds(20));
        }
        List<OpenLoad.Outcome> ok =
                outcomes.stream().filter(o -> o.status() == 200).toList();
        List<OpenLoad.Outcome> shed =
                outcomes.stream().filter(o -> o.status() == 503).toList();
        List<Double> okMillis = ok.stream().map(OpenLoad.Outcome::latencyMillis).toList();
        List<Double> shedMillis =
                shed.stream().map(OpenLoad.Outcome::latencyMillis).toList();
        LOG.info(() -> String.format(
                "event=it.overload requests=%d ok=%d ok_p50_ms=%.0f ok_p99_ms=%.0f shed=%d shed_p50_ms=%.0f"
                        + " shed_p99_ms=%.0f",
                outcomes.size(),
                ok.size(),
                Stats.median(okMillis),
                Stats.percentile(okMillis, 99),
                shed.size(),
                Stats.median(shedMillis),
                Stats.percentile(shedMillis, 99)));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isIn(200, 503));
        assertThat(ok).hasSizeGreaterThan(30);
        assertThat(shed).isNotEmpty();
        assertThat(shed).allSatisfy(o -> assertThat(o.body()).contains("urn:quiesce:problem:overloaded"));
        // Refused without the second-long work it is refused for. Only the median: a refusal too waits for one of
        // Liberty's threads, and while its executor grows the tail waits about as long as the work (the bench
        // measures).
        assertThat(Stats.median(shedMillis)).isLessThan(Stats.median(okMillis) / 2);
        // An accepted request takes its second, not a queue's wait on top.
        assertThat(Stats.percentile(okMillis, 99)).isLessThan(2500);
        try (HttpConnection c = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(5))) {
            HttpResponse r = c.send("GET", "/api/demo/sleep?seconds=0", headers, null, null);
            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test
    @Order(1)
    void forgedTokensLeaveNoPartOfTheirSignatureOnDiskAndLittleLog() throws Exception {
        long before = logBytes();
        List<String> forged = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        try (HttpConnection c = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(10))) {
            for (int i = 0; i < 200; i++) {
                String token = ForgedToken.forge(operator, i);
                forged.add(token);
                HttpResponse r =
                        c.send("GET", "/api/instances?limit=1", Map.of("Authorization", "Bearer " + token), null, null);
                statuses.merge(r.status(), 1, Integer::sum);
                if (i == 0) {
                    assertThat(r.header("www-authenticate")).startsWith("Bearer error=\"invalid_token\"");
                    assertThat(r.bodyText()).contains("urn:quiesce:problem:invalid-token");
                }
            }
        }
        assertThat(statuses).containsOnlyKeys(401);
        // Written asynchronously by Liberty's log handlers: wait until the logs stop growing.
        long[] size = {logBytes(), System.nanoTime()};
        Poll.untilTrue("the logs to stop growing", Duration.ofSeconds(10), () -> {
            long now = logBytes();
            if (now != size[0]) {
                size[0] = now;
                size[1] = System.nanoTime();
            }
            return System.nanoTime() - size[1] > Duration.ofSeconds(1).toNanos();
        });
        long written = size[0] - before;
        LOG.info(() -> "event=it.forged_tokens requests=200 log_bytes=" + written);
        assertThat(written)
                .as("bytes logged for 200 forged tokens, trace.log included")
                .isLessThan(2048);
        assertThat(ForgedToken.onDisk(server, forged))
                .as("lines holding a piece of a forged token's signature, in any log file or the console")
                .isEmpty();
    }

    @Test
    @Order(2)
    void ambiguousFramingIsRefusedWith400AndAClosedConnection() throws Exception {
        Map<String, RawExchange> outcomes = new java.util.LinkedHashMap<>();
        for (FramingCase c : FramingCase.all("/api/demo/echo", "Bearer " + operator)) {
            outcomes.put(c.name(), RawExchange.send(port, c.bytes(), Duration.ofSeconds(2)));
        }
        LOG.info(() -> "event=it.framing "
                + outcomes.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue().describe())
                        .collect(java.util.stream.Collectors.joining("; ")));
        SoftAssertions soft = new SoftAssertions();
        outcomes.forEach((name, e) -> {
            if (FramingLimits.LIBERTY_DECIDES.containsKey(name)) {
                // Liberty's parser decides before any application code (docs/hardening.md has a reproducer each):
                // one answer, never a second request read out of the first one's body.
                soft.assertThat(e.statuses()).as(name + ": " + e.describe()).hasSize(1);
            } else {
                soft.assertThat(e.refusedAndClosed())
                        .as(name + ": " + e.describe())
                        .isTrue();
            }
        });
        soft.assertAll();
        assertThat(Http.get(port, "/health/ready", PROBE_TIMEOUT).status()).isEqualTo(200);
    }

    /**
     * Bursts of starts, each body complete with its head: the request threads read and dispatch them themselves. Every
     * answer is a start (202) or a refusal with a reason (503 problem): never an empty 200 (docs/hardening.md).
     */
    @Test
    @Order(6)
    void burstsOfStartsGetA202OrA503AndKeepTheThreadsBounded() throws Exception {
        Map<String, Integer> outcomes = new java.util.concurrent.ConcurrentSkipListMap<>();
        try (Probing probing = new Probing("post-bursts")) {
            for (int burst = 0; burst < 2; burst++) {
                List<Thread> senders = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    Thread t = new Thread(() -> {
                        HttpResponse r = new Api(port, "/")
                                .post(
                                        "api/instances",
                                        operator,
                                        "{\"type\":\"report\",\"input\":{\"steps\":2,\"stepMillis\":200}}");
                        outcomes.merge(outcome(r), 1, Integer::sum);
                    });
                    t.start();
                    senders.add(t);
                }
                for (Thread t : senders) {
                    t.join(60_000);
                }
            }
        }
        LOG.info(() -> "event=it.post_bursts outcomes=" + outcomes);
        assertThat(outcomes.keySet()).isSubsetOf("202", "503 overloaded");
        assertThat(outcomes).containsKey("202");
    }

    /**
     * Bursts of bodies that arrive in two parts a moment apart: read without a thread and dispatched later, each one
     * still gets its answer (the echo, or a 503 problem), never an empty 200.
     */
    @Test
    @Order(7)
    void bodiesArrivingLateAreAnsweredEachOne() throws Exception {
        Map<String, Integer> outcomes = new java.util.concurrent.ConcurrentSkipListMap<>();
        String json = "{\"late\":\"" + "b".repeat(100) + "\"}";
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] head = ("POST /api/demo/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + operator
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                        + json.substring(0, 40))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] rest = json.substring(40).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Probing probing = new Probing("late-bodies")) {
            for (int burst = 0; burst < 3; burst++) {
                List<Thread> senders = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Duration pause = Duration.ofMillis(30 + 20 * (i % 10));
                    Thread t = new Thread(() -> {
                        String got;
                        try {
                            RawExchange e = RawExchange.send(port, List.of(head, rest), pause, Duration.ofSeconds(2));
                            got = e.status() == 200
                                    ? (e.received().endsWith(json) ? "200 echoed" : "200 without the echo")
                                    : e.status() == 503 && e.received().contains("urn:quiesce:problem:overloaded")
                                            ? "503 overloaded"
                                            : e.describe();
                        } catch (IOException ex) {
                            got = ex.toString();
                        }
                        outcomes.merge(got, 1, Integer::sum);
                    });
                    t.start();
                    senders.add(t);
                }
                for (Thread t : senders) {
                    t.join(60_000);
                }
            }
        }
        LOG.info(() -> "event=it.late_bodies outcomes=" + outcomes);
        assertThat(outcomes.keySet()).isSubsetOf("200 echoed", "503 overloaded");
        assertThat(outcomes).containsKey("200 echoed");
    }

    /**
     * A flood of cheap requests, open loop, far above what the server serves: the excess is answered 503 (by the queue
     * delay or the limit), nothing is left unanswered, and the probes keep answering (the bench measures how fast).
     */
    @Test
    @Order(8)
    void aFloodOfCheapRequestsIsAnsweredAndShedNotQueued() throws Exception {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + operator);
        List<OpenLoad.Outcome> outcomes;
        try (Probing probing = new Probing("flood")) {
            OpenLoad load = OpenLoad.start(
                    port,
                    3000,
                    300,
                    Duration.ofSeconds(10),
                    seq -> new OpenLoad.Request("get", "GET", "/api/demo/sleep?seconds=0", headers, null));
            io.quiesce.testkit.Hold.forDuration(Duration.ofSeconds(10));
            outcomes = load.stop(Duration.ofSeconds(15));
        }
        Map<String, Long> statuses = outcomes.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        o -> o.status() > 0 ? String.valueOf(o.status()) : String.valueOf(o.failure()),
                        java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()));
        List<Double> ok = outcomes.stream()
                .filter(o -> o.status() == 200)
                .map(OpenLoad.Outcome::latencyMillis)
                .toList();
        LOG.info(() -> String.format(
                "event=it.flood statuses=%s ok_p50_ms=%.0f ok_p99_ms=%.0f",
                statuses, Stats.median(ok), Stats.percentile(ok, 99)));
        // Whether 3 000 a second is over this machine's capacity depends on the machine: what is shed, and how fast,
        // is the bench's to measure (-Dbench.suites=hostile); the overload test above asserts the shedding itself.
        assertThat(statuses.keySet()).isSubsetOf("200", "503").contains("200");
        assertThat(outcomes.stream().filter(o -> o.status() == 503))
                .allSatisfy(o -> assertThat(o.body()).contains("urn:quiesce:problem:overloaded"));
    }

    private static String outcome(HttpResponse r) {
        if (r.status() == 503 && r.bodyText().contains("urn:quiesce:problem:overloaded")) {
            return "503 overloaded";
        }
        if (r.status() == 202) {
            return "202";
        }
        return r.status() + " " + (r.bodyText().isEmpty() ? "empty" : r.bodyText());
    }

    private static long logBytes() {
        try {
            return Directories.size(server.logsDirectory()) + Files.size(server.consoleLog());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Probes and samples the server's threads while a hostile client runs; checks both when closed. */
    private static final class Probing implements AutoCloseable {
        private final String name;
        private final Queue<Probe> probes = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> probers;
        private final Thread sampler;
        private volatile int threadsMax;

        Probing(String name) {
            this.name = name;
            probers = List.of(
                    Prober.start(
                            "ready", port, "/health/ready", Duration.ofMillis(250), PROBE_TIMEOUT, probes, running),
                    Prober.start("live", port, "/health/live", Duration.ofMillis(250), PROBE_TIMEOUT, probes, running));
            sampler = new Thread(() -> {
                while (running.get()) {
                    ProcessStats.of(server.pid()).ifPresent(s -> threadsMax = Math.max(threadsMax, s.threads()));
                    io.quiesce.testkit.Hold.forDuration(Duration.ofMillis(200));
                }
            });
            sampler.setDaemon(true);
            sampler.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : probers) {
                t.join(5000);
            }
            sampler.join(5000);
            List<Double> millis = probes.stream().map(Probe::millis).toList();
            LOG.info(() -> String.format(
                    "event=it.probes during=%s probes=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f threads_max=%d",
                    name,
                    millis.size(),
                    Stats.median(millis),
                    Stats.percentile(millis, 99),
                    Stats.max(millis),
                    threadsMax));
            assertThat(probes).as("probes during " + name).isNotEmpty();
            assertThat(probes.stream().filter(Probe::failed).toList())
                    .as("probes not answered 200 within %d ms during %s", PROBE_TIMEOUT.toMillis(), name)
                    .isEmpty();
            assertThat(threadsMax).as("threads during " + name).isLessThan(THREAD_BOUND);
        }
    }
}
