package io.quiesce.workflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.database.testing.TestDatabases;
import io.quiesce.testkit.LoggedEvents;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Started;
import io.quiesce.workflow.WorkflowTypesProducer;
import io.quiesce.workflow.config.WorkflowConfig;
import io.quiesce.workflow.instance.InstanceRecord;
import io.quiesce.workflow.instance.InstanceService;
import io.quiesce.workflow.instance.InstanceStatus;
import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.instance.StartCommand;
import io.quiesce.workflow.instance.StepRecord;
import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import io.quiesce.workflow.testing.ActivityMeter;
import io.quiesce.workflow.testing.Infra;
import io.quiesce.workflow.testing.WorkerProcess;
import io.temporal.client.WorkflowClient;
import io.temporal.testserver.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker's lifecycle against a real Temporal frontend and PostgreSQL: a graceful stop with an activity in flight, a
 * crash in the middle of one, and a start while Temporal is still down. Every test has its own database and task queue.
 */
@ExtendWith(Infra.Extension.class)
class WorkerShutdownIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(WorkerShutdownIT.class.getName());

    private final Infra infra = Infra.get();
    private final List<WorkflowWorker> workers = new ArrayList<>();
    private final Map<WorkflowWorker, ActivityMeter> meters = new HashMap<>();
    private final List<WorkerProcess> processes = new ArrayList<>();
    private DataSource db;
    private String queue;
    private WorkflowClient client;
    private InstanceService service;

    @BeforeEach
    void setUp() {
        db = infra.newMigratedDatabase("worker");
        queue = Infra.newTaskQueue("worker");
        client = infra.newClient();
        service = new InstanceService(
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                client,
                infra.config(queue, "instances", Map.of()));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (WorkerProcess p : processes) {
            p.kill();
        }
        for (WorkflowWorker w : workers) {
            w.stop(Duration.ofSeconds(2));
        }
        Infra.close(client);
    }

    @Test
    void aGracefulStopLetsTheInFlightStepFinishAndAnotherWorkerDoesTheRest() throws Exception {
        WorkflowWorker a = startedWorker("worker-a");
        String id = service.start(StartCommand.of("report", "{\"steps\":3,\"stepMillis\":3000}"))
                .instance()
                .id();
        Poll.untilTrue("step 1 in flight on worker a", WITHIN, () -> running(a) == 1);
        WorkflowWorker b = startedWorker("worker-b");
        long progressAtStop = Poll.untilPresent(
                "step 1 a second in", WITHIN, () -> heartbeatProgress(id) >= 1000 ? heartbeatProgress(id) : null);

        a.stopIntake();
        long stopping = System.nanoTime();
        Map<String, Long> report = a.stop(Duration.ofSeconds(10));
        long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
        LOG.info("event=test.worker_drain stop_ms=" + stopMillis + " step_progress_at_stop_ms=" + progressAtStop
                + " report=" + report);

        assertThat(report)
                .containsEntry("activities_in_flight", 1L)
                .containsEntry("activities_completed", 1L)
                .containsEntry("activities_failed", 0L)
                .containsEntry("activities_abandoned", 0L)
                .containsEntry("drained", 1L)
                .containsEntry("stubs_closed", 1L);
        assertThat(stepRows(id)).isEqualTo(1);
        assertThat(service.find(id).orElseThrow().steps()).singleElement().satisfies(step -> {
            assertThat(step.worker()).isEqualTo("worker-a");
            assertThat(step.attempt()).isEqualTo(1);
        });

        InstanceRecord done = Poll.untilPresent(
                "completed by worker b",
                WITHIN,
                () -> service.find(id)
                        .filter(r -> r.status() == InstanceStatus.COMPLETED)
                        .orElse(null));
        assertThat(done.steps()).extracting(StepRecord::worker).containsExactly("worker-a", "worker-b", "worker-b");
        assertThat(done.steps()).extracting(StepRecord::attempt).containsExactly(1, 1, 1);
        assertThat(stepRows(id)).isEqualTo(3);
        assertThat(running(b)).isZero();
    }

    /** Worker a runs in a JVM of its own, so that it can die as a crash does: SIGKILL, no drain. */
    @Test
    void aWorkerKilledMidStepIsReplacedAndTheStepIsRecordedOnce() throws Exception {
        WorkerProcess a = WorkerProcess.start(
                infra.temporalTarget(), TestDatabases.jdbcUrl(db), queue, "worker-a", Infra.CODE_VERSION, WITHIN);
        processes.add(a);
        String id = service.start(StartCommand.of("report", "{\"steps\":2,\"stepMillis\":4000}"))
                .instance()
                .id();
        Poll.untilTrue("step 1 in flight on worker a", WITHIN, () -> Infra.activityRunningOn(client, id, "worker-a"));
        WorkflowWorker b = startedWorker("worker-b");
        Instant killedAt = Poll.untilPresent(
                "step 1 past its first heartbeats",
                WITHIN,
                () -> Infra.activityRunningOn(client, id, "worker-a") && heartbeatProgress(id) >= 1500
                        ? Instant.now()
                        : null);

        a.kill();
        long killed = System.nanoTime();

        InstanceRecord done = Poll.untilPresent(
                "completed after the crash",
                WITHIN,
                () -> service.find(id)
                        .filter(r -> r.status() == InstanceStatus.COMPLETED)
                        .orElse(null));
        LOG.info("event=test.worker_killed completed_after_ms=" + (System.nanoTime() - killed) / 1_000_000
                + " step1_done_after_kill_ms="
                + Duration.between(killedAt, done.steps().get(0).completedAt()).toMillis()
                + " steps=" + done.steps());
        assertThat(stepRows(id)).isEqualTo(2);
        StepRecord first = done.steps().get(0);
        assertThat(first.worker()).isEqualTo("worker-b");
        assertThat(first.attempt()).isGreaterThanOrEqualTo(2);
        // Resumed from the heartbeat: the step keeps its first attempt's start, and its retry took less than a full
        // step.
        assertThat(first.startedAt()).isBefore(killedAt);
        assertThat(done.steps().get(1).worker()).isEqualTo("worker-b");
        assertThat(running(b)).isZero();
    }

    @Test
    void startWaitsForTemporalWithoutBlockingAndPollsOnceItIsUp() throws Exception {
        int port = Infra.freePort();
        WorkflowConfig config = infra.config(queue, "worker-late", Map.of(WorkflowConfig.TARGET, "127.0.0.1:" + port));
        WorkflowWorker late = new WorkflowWorker(
                config,
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                () -> true,
                WorkflowTelemetry.off(),
                Infra.log("test.worker-late"));
        workers.add(late);
        LoggedEvents events = LoggedEvents.of("test.worker-late");

        Started latePolling = new Started();
        Thread starting = new Thread(() -> late.start(latePolling), "start-worker-late");
        starting.start();
        Poll.untilTrue("start() to return while Temporal is down", WITHIN, () -> !starting.isAlive());
        Poll.untilTrue("two failed start attempts", WITHIN, () -> events.count("retry.attempt_failed") >= 2);
        assertThat(latePolling.get()).isFalse();

        TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(port);
        try {
            Poll.untilTrue("worker polling once Temporal is up", WITHIN, latePolling::get);
            Map<String, Long> report = late.stop(Duration.ofSeconds(5));
            assertThat(report).containsEntry("drained", 1L).containsEntry("stubs_closed", 1L);
        } finally {
            temporal.close();
        }
    }

    @Test
    void stopBeforeTheWorkerEverStartedIsQuickAndCloseIsIdempotent() throws Exception {
        WorkflowConfig config =
                infra.config(queue, "worker-never", Map.of(WorkflowConfig.TARGET, "127.0.0.1:" + Infra.freePort()));
        WorkflowWorker never = new WorkflowWorker(
                config,
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                () -> true,
                WorkflowTelemetry.off(),
                Infra.log("test.worker-never"));
        LoggedEvents events = LoggedEvents.of("test.worker-never");
        Started neverPolling = new Started();
        never.start(neverPolling);
        Poll.untilTrue("a failed start attempt", WITHIN, () -> events.count("retry.attempt_failed") >= 1);

        never.stopIntake();
        Map<String, Long> report = never.stop(Duration.ofSeconds(5));

        assertThat(report)
                .as("everything closed within the budget")
                .containsEntry("drained", 1L)
                .containsEntry("stubs_closed", 1L);
        assertThat(report).containsEntry("activities_in_flight", 0L).containsEntry("activities_abandoned", 0L);
        assertThat(neverPolling.get()).isFalse();
        assertThat(never.stop(Duration.ofSeconds(1))).isEqualTo(report);
        never.close();
        never.close();
    }

    @Test
    void theWorkerWaitsForTheDatabaseMigration() {
        AtomicBoolean migrated = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        WorkflowWorker waiting = new WorkflowWorker(
                infra.config(queue, "worker-wait", Map.of()),
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                () -> {
                    checks.incrementAndGet();
                    return migrated.get();
                },
                WorkflowTelemetry.off(),
                Infra.log("test.worker-wait"));
        workers.add(waiting);
        Started waitingPolling = new Started();
        waiting.start(waitingPolling);
        Poll.untilTrue("a few checks of the prerequisite", WITHIN, () -> checks.get() >= 2);
        assertThat(waitingPolling.get()).isFalse();

        migrated.set(true);

        Poll.untilTrue("worker polling after the migration", WITHIN, waitingPolling::get);
    }

    private WorkflowWorker startedWorker(String identity) {
        ActivityMeter meter = new ActivityMeter();
        WorkflowWorker worker = new WorkflowWorker(
                infra.config(queue, identity, Map.of()),
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                () -> true,
                meter.telemetry(),
                Infra.log("test." + identity));
        workers.add(worker);
        meters.put(worker, meter);
        Started workerPolling = new Started();
        worker.start(workerPolling);
        Poll.untilTrue(identity + " polling", WITHIN, workerPolling::get);
        return worker;
    }

    /** Activities executing on the worker, as its own metric says. */
    private long running(WorkflowWorker worker) {
        return meters.get(worker).running();
    }

    /** The running step's progress as the server last heard it, in ms; 0 when there is none. */
    private long heartbeatProgress(String id) {
        var pending =
                client.newUntypedWorkflowStub(id).describe().getRawDescription().getPendingActivitiesList();
        if (pending.isEmpty() || !pending.get(0).hasHeartbeatDetails()) {
            return 0;
        }
        String json =
                pending.get(0).getHeartbeatDetails().getPayloads(0).getData().toStringUtf8();
        int at = json.indexOf("\"doneMillis\":");
        if (at < 0) {
            return 0;
        }
        String digits = json.substring(at + "\"doneMillis\":".length()).replaceAll("^(\\d+).*$", "$1");
        return Long.parseLong(digits);
    }

    private long stepRows(String id) {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM step_execution WHERE instance_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
