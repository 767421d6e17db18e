package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Stall;
import io.quiesce.testkit.StallLoad;
import java.time.Duration;
import java.util.Map;
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

    private static final String SHORT = "{\"type\":\"report\",\"input\":{\"steps\":2,\"stepMillis\":100}}";

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

                StallLoad load = new StallLoad(port, Map.of("Authorization", "Bearer " + Tokens.operator()), SHORT);
                stall.hang(STALL, load.callers());

                LOG.info(() -> "event=it.database_stall " + load.summary());
                assertThat(load.probes()).as("probes during the stall").isNotEmpty();
                assertThat(Stall.outside(load.probes(), PROBE_TIMEOUT, 200))
                        .as("probes during the stall")
                        .isEmpty();
                assertThat(load.others())
                        .as("requests that do not need the database")
                        .isNotEmpty();
                assertThat(Stall.outside(load.others(), PROBE_TIMEOUT, 200))
                        .as("requests that do not need the database")
                        .isEmpty();
                assertThat(load.reads()).as("reads during the stall").isNotEmpty();
                assertThat(Stall.outside(load.reads(), READ_BOUND, 200, 503))
                        .as("reads during the stall")
                        .isEmpty();
                assertThat(load.starts()).as("starts during the stall").isNotEmpty();
                assertThat(Stall.outside(load.starts(), READ_BOUND, 202, 503))
                        .as("starts during the stall")
                        .isEmpty();
                assertThat(StallLoad.unhelpful503s(load.reads()))
                        .as("reads refused")
                        .isEmpty();
                assertThat(StallLoad.unhelpful503s(load.starts()))
                        .as("starts refused")
                        .isEmpty();
                assertThat(StallLoad.count(load.reads(), 503))
                        .as("reads refused while the database hangs")
                        .isPositive();
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
