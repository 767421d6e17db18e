package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged servers on one PostgreSQL and one Temporal frontend. The server whose worker is running report steps is
 * stopped mid-activity (SIGTERM, then SIGKILL in the second test) and every instance must still complete on the other
 * server, with each step recorded exactly once.
 */
class WorkflowHandoverIT {

    private static final Logger LOG = Logger.getLogger(WorkflowHandoverIT.class.getName());
    private static final int INSTANCES = 3;
    // 40 s per instance: longer than the second server's start (~20 s here under load), so the first server is still
    // running steps when it is stopped.
    private static final int STEPS = 10;
    private static final int STEP_MILLIS = 4000;

    private final Fleet fleet = new Fleet();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        fleet.close();
    }

    private LibertyServer start(String name) throws IOException {
        return fleet.start(name, Map.of("QUIESCE_SHUTDOWN_DELAY", "1s"));
    }

    /** Starts the instances on {@code first} alone, so its worker is the one running their first steps. */
    private List<String> startInstances(LibertyServer first) {
        Api api = new Api(first.httpPort(), "/");
        String operator = Tokens.operator();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            HttpResponse response = api.post(
                    "api/instances",
                    operator,
                    "{\"type\":\"report\",\"input\":{\"steps\":" + STEPS + ",\"stepMillis\":" + STEP_MILLIS + "}}");
            assertThat(response.status()).as(response.bodyText()).isEqualTo(202);
            ids.add(Api.json(response).getString("id"));
        }
        return ids;
    }

    private static Duration awaitAllCompleted(LibertyServer survivor, List<String> ids, long since) {
        Api api = new Api(survivor.httpPort(), "/");
        String viewer = Tokens.viewer();
        for (String id : ids) {
            Poll.require(
                    id + " to complete on the surviving server",
                    Duration.ofSeconds(180),
                    Duration.ofMillis(200),
                    () -> {
                        JsonObject instance = Api.json(api.get("api/instances/" + id, viewer));
                        return Optional.of(instance)
                                .filter(i -> i.getString("status").equals("COMPLETED"));
                    });
        }
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private static void assertStillRunning(List<String> ids) {
        assertThat(Database.count(
                        "select count(*) from workflow_instance where status = 'RUNNING' and id = any (?)",
                        (Object) ids.toArray(String[]::new)))
                .as("instances still running when the first server is stopped")
                .isEqualTo(ids.size());
    }

    private static void assertEveryStepRecordedOnce(List<String> ids) {
        for (String id : ids) {
            assertThat(Database.steps(id)).as("step rows of " + id).isEqualTo(STEPS);
            assertThat(Database.count(
                            "select count(distinct step) from step_execution where instance_id = ? and step between 1 and ?",
                            id,
                            STEPS))
                    .as("distinct steps 1..%d of %s", STEPS, id)
                    .isEqualTo(STEPS);
        }
    }

    private static long stepsRecordedBy(LibertyServer server, List<String> ids) {
        return Database.count(
                "select count(*) from step_execution where worker like ? and instance_id = any (?)",
                server.pid() + "@%",
                ids.toArray(String[]::new));
    }

    /** Two ready servers, {@code a} running the first steps of {@code ids}. */
    private record Cluster(LibertyServer a, LibertyServer b, List<String> ids) {}

    private Cluster cluster(String name) throws IOException {
        LibertyServer a = start(name + "-a");
        Fleet.awaitReady(a);
        List<String> ids = startInstances(a);
        LibertyServer b = start(name + "-b");
        Fleet.awaitReady(b);
        assertStillRunning(ids);
        return new Cluster(a, b, ids);
    }

    @Test
    void sigtermLetsInFlightStepsFinishAndTheOtherServerCompletesEveryInstance() throws Exception {
        Cluster cluster = cluster("handover");
        LibertyServer a = cluster.a();
        LibertyServer b = cluster.b();
        List<String> ids = cluster.ids();

        long sigterm = System.nanoTime();
        a.sigterm();
        Optional<Integer> exit = a.awaitExit(Duration.ofSeconds(60));
        Duration toCompletion = awaitAllCompleted(b, ids, sigterm);

        String log = Files.readString(a.messagesLog());
        Matcher drain = Pattern.compile("event=shutdown.phase phase=workflow .*?duration_ms=(\\d+) .*?outcome=(\\w+)")
                .matcher(log);
        assertThat(drain.find())
                .as("the workflow phase in the shutdown report:%n%s", log)
                .isTrue();
        LOG.info(() -> String.format(
                "event=it.workflow_handover mode=SIGTERM worker_drain_ms=%s drain_outcome=%s "
                        + "sigterm_to_all_completed_ms=%d steps_by_a=%d steps_by_b=%d",
                drain.group(1),
                drain.group(2),
                toCompletion.toMillis(),
                stepsRecordedBy(a, ids),
                stepsRecordedBy(b, ids)));
        assertThat(exit).as("exit code of the stopped server").contains(0);
        assertThat(drain.group(2)).isEqualTo("COMPLETED");
        assertEveryStepRecordedOnce(ids);
        assertThat(stepsRecordedBy(a, ids))
                .as("steps finished by the server that was stopped")
                .isPositive();
        assertThat(stepsRecordedBy(b, ids))
                .as("steps taken over by the other server")
                .isPositive();
    }

    @Test
    void sigkillLosesNoStepAndDoublesNone() throws Exception {
        Cluster cluster = cluster("handover-kill");
        LibertyServer a = cluster.a();
        LibertyServer b = cluster.b();
        List<String> ids = cluster.ids();

        long sigkill = System.nanoTime();
        a.sigkill();
        assertThat(a.awaitExit(Duration.ofSeconds(30))).isPresent();
        Duration toCompletion = awaitAllCompleted(b, ids, sigkill);

        LOG.info(() -> String.format(
                "event=it.workflow_handover mode=SIGKILL sigkill_to_all_completed_ms=%d steps_by_a=%d "
                        + "steps_by_b=%d",
                toCompletion.toMillis(), stepsRecordedBy(a, ids), stepsRecordedBy(b, ids)));
        assertEveryStepRecordedOnce(ids);
        assertThat(stepsRecordedBy(b, ids))
                .as("steps taken over by the other server")
                .isPositive();
    }
}
