package io.quiesce.server.it;

import static io.quiesce.testkit.Stall.max;
import static io.quiesce.testkit.Stall.timed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Stall;
import io.quiesce.testkit.Stall.Timed;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL that hangs — connections stay open, nothing comes back, as with a paused process or a partition — must not
 * hang the probes or the requests that do not need it; those that do answer within the documented bound, and everything
 * recovers without a restart.
 */
class DatabaseStallIT {

    private static final Logger LOG = Logger.getLogger(DatabaseStallIT.class.getName());
    private static final Duration STALL = Duration.ofSeconds(20);
    private static final Duration PROBE_TIMEOUT = Stall.PROBE_TIMEOUT;
    /** README: a request waits at most quiesce.db.connection-wait for a connection, a statement quiesce.db.socket-timeout. */
    private static final Duration READ_BOUND = Duration.ofSeconds(15);

    @Test
    void aHungDatabaseNeitherHangsTheProbesNorRequestsThatDoNotNeedIt() throws Exception {
        try (Stall stall = Stall.of(Stall.Dependency.POSTGRESQL, Database.port())) {
            LibertyServer server = PackagedServer.start("db-stall", stall.serverEnvironment());
            try {
                int port = server.httpPort();
                server.awaitReady(Duration.ofSeconds(180));
                Api api = new Api(port, "/");
                String viewer = Tokens.viewer();
                assertThat(api.get("api/instances?limit=1", viewer).status()).isEqualTo(200);

                List<Timed> probes = new CopyOnWriteArrayList<>();
                List<Timed> reads = new CopyOnWriteArrayList<>();
                List<Timed> demos = new CopyOnWriteArrayList<>();
                stall.hang(
                        STALL,
                        List.of(
                                new Stall.Caller(500, () -> {
                                    probes.add(timed("ready", () -> Http.tryGet(port, "/health/ready", PROBE_TIMEOUT)));
                                    probes.add(timed("live", () -> Http.tryGet(port, "/health/live", PROBE_TIMEOUT)));
                                }),
                                new Stall.Caller(200, () -> {
                                    reads.add(
                                            timed("read", () -> Optional.of(api.get("api/instances?limit=1", viewer))));
                                    demos.add(timed(
                                            "demo", () -> Optional.of(api.get("api/demo/sleep?seconds=0", viewer))));
                                })));

                LOG.info(() -> String.format(
                        "event=it.database_stall probes=%d probe_max_ms=%d reads=%d read_max_ms=%d "
                                + "reads_503=%d demos=%d demo_max_ms=%d",
                        probes.size(),
                        max(probes),
                        reads.size(),
                        max(reads),
                        reads.stream().filter(r -> r.status() == 503).count(),
                        demos.size(),
                        max(demos)));
                assertThat(probes).as("probes during the stall").isNotEmpty();
                assertThat(Stall.outside(probes, PROBE_TIMEOUT, 200))
                        .as("probes during the stall")
                        .isEmpty();
                assertThat(demos).as("requests that do not need the database").isNotEmpty();
                assertThat(Stall.outside(demos, PROBE_TIMEOUT, 200))
                        .as("requests that do not need the database")
                        .isEmpty();
                assertThat(reads).as("reads during the stall").isNotEmpty();
                assertThat(Stall.outside(reads, READ_BOUND, 200, 503))
                        .as("reads during the stall")
                        .isEmpty();
                Poll.untilTrue(
                        "reads to succeed again",
                        Duration.ofSeconds(60),
                        () -> api.get("api/instances?limit=1", viewer).status() == 200);
                assertThat(Http.get(port, "/health/ready", PROBE_TIMEOUT).status())
                        .isEqualTo(200);
            } finally {
                server.close();
            }
        }
    }

    @Test
    void aServerStartingWhileTheDatabaseIsHungStaysUnstartedSaysWhyAndComesUpByItself() throws Exception {
        try (Stall stall = Stall.of(Stall.Dependency.POSTGRESQL, Database.port())) {
            stall.pause();
            LibertyServer server = PackagedServer.start("db-stall-start", stall.serverEnvironment());
            try {
                int port = server.httpPort();
                Poll.untilTrue(
                        "a failed migration attempt in the log",
                        Duration.ofSeconds(180),
                        () -> server.logs().contains("event=retry.attempt_failed task=quiesce-db-migration"));
                assertThat(Http.get(port, "/health/started", PROBE_TIMEOUT).status())
                        .isEqualTo(503);
                assertThat(Http.get(port, "/health/ready", PROBE_TIMEOUT).status())
                        .isEqualTo(503);
                assertThat(Http.get(port, "/health/live", PROBE_TIMEOUT).status())
                        .isEqualTo(200);

                stall.resume();
                Http.awaitStatus(port, "/health/started", 200, Duration.ofSeconds(120));
                server.awaitReady(Duration.ofSeconds(30));
            } finally {
                server.close();
            }
        }
    }
}
