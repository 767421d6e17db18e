package io.quiesce.server.it;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.PausableProxy;
import io.quiesce.testkit.Poll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL that hangs — connections stay open, nothing comes back, as with a paused process or a partition — must not
 * hang the probes or the requests that do not need it; those that do answer within the documented bound, and everything
 * recovers without a restart.
 */
class DatabaseStallIT {

    private static final Logger LOG = Logger.getLogger(DatabaseStallIT.class.getName());
    private static final Duration STALL = Duration.ofSeconds(20);
    /** The overlays' readiness and liveness timeoutSeconds. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** README: a request waits at most quiesce.db.connection-wait for a connection, a statement quiesce.db.socket-timeout. */
    private static final Duration READ_BOUND = Duration.ofSeconds(15);

    record Timed(String what, long sentNanos, long millis, int status) {
    }

    /** Status -1: no answer within the client's timeout; -2: the connection failed. */
    private static Timed timed(String what, Supplier<Optional<HttpResponse>> call) {
        long sent = System.nanoTime();
        int status;
        try {
            status = call.get().map(HttpResponse::status).orElse(-1);
        } catch (RuntimeException e) {
            status = -2;
        }
        return new Timed(what, sent, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), status);
    }

    @Test
    void aHungDatabaseNeitherHangsTheProbesNorRequestsThatDoNotNeedIt() throws Exception {
        try (PausableProxy proxy = new PausableProxy(Database.port())) {
            LibertyServer server = PackagedServer.start("db-stall",
                    Map.of("QUIESCE_DB_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/quiesce"));
            ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
            ExecutorService callers = Executors.newCachedThreadPool();
            try {
                int port = server.httpPort();
                Http.awaitStatus(port, "/health/ready", 200, Duration.ofSeconds(180));
                Api api = new Api(port, "/");
                String viewer = Tokens.viewer();
                assertThat(api.get("api/instances?limit=1", viewer).status()).isEqualTo(200);

                List<Timed> probes = new CopyOnWriteArrayList<>();
                List<Timed> reads = new CopyOnWriteArrayList<>();
                List<Timed> demos = new CopyOnWriteArrayList<>();
                proxy.pause();
                long stallStart = System.nanoTime();
                clock.scheduleAtFixedRate(() -> callers.execute(() -> {
                    probes.add(timed("ready", () -> Http.tryGet(port, "/health/ready", PROBE_TIMEOUT)));
                    probes.add(timed("live", () -> Http.tryGet(port, "/health/live", PROBE_TIMEOUT)));
                }), 0, 500, TimeUnit.MILLISECONDS);
                clock.scheduleAtFixedRate(() -> callers.execute(() -> {
                    reads.add(timed("read", () -> Optional.of(api.get("api/instances?limit=1", viewer))));
                    demos.add(timed("demo", () -> Optional.of(api.get("api/demo/sleep?seconds=0", viewer))));
                }), 0, 200, TimeUnit.MILLISECONDS);
                Poll.untilTrue("the stall to last " + STALL, STALL.plusSeconds(5),
                        () -> System.nanoTime() - stallStart >= STALL.toNanos());
                clock.shutdownNow();
                proxy.resume();
                callers.shutdown();
                assertThat(callers.awaitTermination(90, TimeUnit.SECONDS)).as("every call of the stall answered").isTrue();

                LOG.info(() -> String.format("event=it.database_stall probes=%d probe_max_ms=%d reads=%d read_max_ms=%d "
                                + "reads_503=%d demos=%d demo_max_ms=%d", probes.size(), max(probes), reads.size(), max(reads),
                        reads.stream().filter(r -> r.status() == 503).count(), demos.size(), max(demos)));
                assertThat(probes).as("probes during the stall").isNotEmpty().allSatisfy(p -> {
                    assertThat(p.status()).as(p.toString()).isEqualTo(200);
                    assertThat(p.millis()).as(p.toString()).isLessThan(PROBE_TIMEOUT.toMillis());
                });
                assertThat(demos).as("requests that do not need the database").isNotEmpty().allSatisfy(d -> {
                    assertThat(d.status()).as(d.toString()).isEqualTo(200);
                    assertThat(d.millis()).as(d.toString()).isLessThan(PROBE_TIMEOUT.toMillis());
                });
                assertThat(reads).as("reads during the stall").isNotEmpty().allSatisfy(r -> {
                    assertThat(r.status()).as(r.toString()).isIn(200, 503);
                    assertThat(r.millis()).as(r.toString()).isLessThan(READ_BOUND.toMillis());
                });
                Poll.untilTrue("reads to succeed again", Duration.ofSeconds(60),
                        () -> api.get("api/instances?limit=1", viewer).status() == 200);
                assertThat(Http.get(port, "/health/ready", PROBE_TIMEOUT).status()).isEqualTo(200);
            } finally {
                clock.shutdownNow();
                callers.shutdownNow();
                proxy.resume();
                server.close();
            }
        }
    }

    private static long max(List<Timed> calls) {
        return calls.stream().mapToLong(Timed::millis).max().orElse(-1);
    }
}
