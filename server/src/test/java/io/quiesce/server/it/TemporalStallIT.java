package io.quiesce.server.it;

import static io.quiesce.testkit.Stall.max;
import static io.quiesce.testkit.Stall.timed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Stall;
import io.quiesce.testkit.Stall.Timed;
import io.quiesce.testkit.StallLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A Temporal frontend that hangs must not hang the probes or the reads; starts answer 503 with Retry-After within
 * {@code quiesce.temporal.rpc-timeout}, a retry with the same key after the stall starts the instance, and every instance
 * — also one whose step was running through the stall — completes with each step recorded once. Rows left RUNNING
 * without a workflow are reconciled by the server's own job once Temporal answers again.
 */
class TemporalStallIT {

    private static final Logger LOG = Logger.getLogger(TemporalStallIT.class.getName());
    private static final Duration STALL = Duration.ofSeconds(20);
    private static final Duration PROBE_TIMEOUT = Stall.PROBE_TIMEOUT;
    private static final int TEMPORAL_PORT = Integer.getInteger("quiesce.it.temporal.port", 17233);
    /** The server's quiesce.temporal.rpc-timeout (README default), plus scheduling slack on a loaded machine. */
    private static final Duration START_BOUND = Duration.ofSeconds(5 + 3);
    /** Concurrent starts every 5 s: more than the Temporal bulkhead (8) and Liberty's executor core (16) hold. */
    private static final int BURST = 20;

    private static final String SHORT = "{\"type\":\"report\",\"input\":{\"steps\":2,\"stepMillis\":100}}";

    @Test
    void aHungTemporalNeitherHangsTheProbesNorTheReadsAndLosesNoInstance() throws Exception {
        try (Stall stall = Stall.of(Stall.Dependency.TEMPORAL, TEMPORAL_PORT)) {
            String lost = "stall-lost-" + UUID.randomUUID();
            String forgotten = "stall-forgotten-" + UUID.randomUUID();
            LibertyServer server = PackagedServer.start(
                    "temporal-stall", with(stall.serverEnvironment(), "QUIESCE_JOBS_RECONCILE_CRON", "*/2 * * * * ?"));
            try {
                int port = server.httpPort();
                server.awaitReady(Duration.ofSeconds(180));
                // After the start: the server's own migration creates the tables (no other test may have run first).
                Database.update(
                        "INSERT INTO workflow_instance (id, type, status, input, created_at, updated_at) VALUES "
                                + "(?, 'report', 'RUNNING', '{}', now() - interval '1 hour', now() - interval '1 hour'), "
                                + "(?, 'report', 'RUNNING', '{}', now() - interval '1 hour', now() - interval '1 hour')",
                        lost,
                        forgotten);
                Database.update(
                        "INSERT INTO step_execution (instance_id, step, name, attempt, worker, started_at, completed_at) "
                                + "VALUES (?, 1, 'step-1', 1, 'gone', now(), now())",
                        forgotten);
                Api api = new Api(port, "/");
                String operator = Tokens.operator();
                HttpResponse through = start(
                        api,
                        operator,
                        "stall-through-" + UUID.randomUUID(),
                        "{\"type\":\"report\",\"input\":{\"steps\":3,\"stepMillis\":4000}}");
                assertThat(through.status()).as(through.bodyText()).isEqualTo(202);
                String throughId = Api.json(through).getString("id");

                StallLoad load = new StallLoad(port, Map.of("Authorization", "Bearer " + operator), SHORT);
                List<Timed> bursts = new CopyOnWriteArrayList<>();
                AtomicInteger sequence = new AtomicInteger();
                List<Stall.Caller> callers = new ArrayList<>(load.callers());
                callers.add(new Stall.Caller(
                        5000,
                        () -> burst(BURST, () -> {
                            String key = "burst-" + sequence.incrementAndGet() + "-" + UUID.randomUUID();
                            bursts.add(timed(key, () -> Optional.of(start(api, operator, key, SHORT))));
                        })));
                stall.hang(STALL, callers);

                List<Timed> starts = new ArrayList<>(load.starts());
                starts.addAll(bursts);
                LOG.info(() -> "event=it.temporal_stall " + load.summary() + " bursts=" + bursts.size() + " bursts_503="
                        + StallLoad.count(bursts, 503) + " burst_max_ms=" + max(bursts));
                assertThat(load.probes()).as("probes during the stall").isNotEmpty();
                assertThat(Stall.outside(load.probes(), PROBE_TIMEOUT, 200))
                        .as("probes during the stall")
                        .isEmpty();
                assertThat(load.reads())
                        .as("reads, which need only the database")
                        .isNotEmpty();
                assertThat(Stall.outside(load.reads(), PROBE_TIMEOUT, 200))
                        .as("reads, which need only the database")
                        .isEmpty();
                assertThat(Stall.outside(load.others(), PROBE_TIMEOUT, 200))
                        .as("requests that need neither dependency")
                        .isEmpty();
                assertThat(starts)
                        .as("starts during the stall")
                        .hasSizeGreaterThanOrEqualTo(10 + BURST)
                        .allSatisfy(s -> {
                            assertThat(s.status()).as(s.toString()).isIn(202, 503);
                            assertThat(s.millis()).as(s.toString()).isLessThan(START_BOUND.toMillis());
                        });
                assertThat(StallLoad.unhelpful503s(starts)).as("starts refused").isEmpty();
                assertThat(StallLoad.count(starts, 503))
                        .as("starts refused by the stall")
                        .isPositive();
                List<String> keys = starts.stream().map(Timed::what).toList();

                // What a client does with a 503: the same request with the same key, once Temporal answers again.
                List<String> ids = new ArrayList<>(List.of(throughId));
                for (String key : keys) {
                    HttpResponse retried =
                            Poll.untilPresent("start " + key + " after the stall", Duration.ofSeconds(60), () -> {
                                HttpResponse r = start(api, operator, key, SHORT);
                                return r.status() == 202 || r.status() == 200 ? r : null;
                            });
                    ids.add(Api.json(retried).getString("id"));
                }
                for (String id : ids) {
                    Poll.untilTrue(
                            id + " completed",
                            Duration.ofSeconds(120),
                            () -> Database.count(
                                            "SELECT count(*) FROM workflow_instance WHERE id = ? AND status = 'COMPLETED'",
                                            id)
                                    == 1);
                }
                assertThat(Database.count("SELECT count(*) FROM step_execution WHERE instance_id = ?", throughId))
                        .as("steps of the instance that ran through the stall")
                        .isEqualTo(3);
                for (String id : ids.subList(1, ids.size())) {
                    assertThat(Database.count("SELECT count(*) FROM step_execution WHERE instance_id = ?", id))
                            .as(id)
                            .isEqualTo(2);
                }
                assertThat(ids)
                        .as("one instance per key")
                        .doesNotHaveDuplicates()
                        .hasSize(keys.size() + 1);
                Poll.untilTrue(
                        "the server's reconciliation to correct the rows left RUNNING",
                        Duration.ofSeconds(60),
                        () -> Database.count("SELECT count(*) FROM workflow_instance WHERE id = ?", lost) == 0
                                && Database.count(
                                                "SELECT count(*) FROM workflow_instance WHERE id = ? AND status = 'FAILED'",
                                                forgotten)
                                        == 1);
                assertThat(Http.get(port, "/health/ready", PROBE_TIMEOUT).status())
                        .isEqualTo(200);
            } finally {
                server.close();
            }
        }
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> all = new HashMap<>(env);
        all.put(name, value);
        return all;
    }

    private static void burst(int size, Runnable call) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Thread t = new Thread(call, "burst-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static HttpResponse start(Api api, String bearer, String key, String body) {
        return api.send("POST", "api/instances", bearer, Map.of("Idempotency-Key", key), "application/json", body);
    }
}
