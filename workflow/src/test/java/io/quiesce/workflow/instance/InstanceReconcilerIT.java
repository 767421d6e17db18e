package io.quiesce.workflow.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Started;
import io.quiesce.workflow.WorkflowTypesProducer;
import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import io.quiesce.workflow.testing.Infra;
import io.quiesce.workflow.worker.WorkflowWorker;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows left RUNNING by a lost bookkeeping write (forced back to RUNNING here), a terminated workflow, a lost start and a
 * removed history,
 * against real PostgreSQL and a real Temporal with a real worker; live workflows and fresh rows are left alone.
 */
@ExtendWith(Infra.Extension.class)
class InstanceReconcilerIT {

    private static final Duration DONE_WITHIN = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMinutes(1);

    private static Infra infra;
    private static WorkflowWorker worker;
    private static WorkflowClient idleClient;
    private static String queue;
    private static String idleQueue;

    private DataSource db;
    private InstanceService service;
    private InstanceService idleService;
    private InstanceReconciler reconciler;

    @BeforeAll
    static void start() {
        infra = Infra.get();
        queue = Infra.newTaskQueue("reconcile");
        idleQueue = Infra.newTaskQueue("reconcile-nobody-polls");
        idleClient = infra.newClient();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (worker != null) {
            worker.stop(Duration.ofSeconds(5));
        }
        if (idleClient != null) {
            Infra.close(idleClient);
        }
    }

    /** One database per test, because a pass looks at every RUNNING row; the worker follows the first one. */
    @BeforeEach
    void database() throws InterruptedException {
        db = infra.newMigratedDatabase("reconcile");
        if (worker != null) {
            worker.stop(Duration.ofSeconds(5));
        }
        worker = new WorkflowWorker(
                infra.config(queue, "worker-r", Map.of()),
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                () -> true,
                WorkflowTelemetry.off(),
                Infra.log("test.worker"));
        Started polling = new Started();
        worker.start(polling);
        Poll.untilTrue("worker polling", DONE_WITHIN, polling::get);
        service = new InstanceService(
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                worker.client(),
                infra.config(queue, "instances", Map.of()));
        idleService = new InstanceService(
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                idleClient,
                infra.config(idleQueue, "instances", Map.of()));
        reconciler = new InstanceReconciler(new InstanceStore(db), worker.client(), Duration.ofSeconds(5));
    }

    @Test
    void correctsEveryRowWhoseWorkflowEndedWithoutRecordingItAndLeavesTheRestAlone() throws SQLException {
        String completed = service.start(StartCommand.of("report", "{\"steps\": 2, \"stepMillis\": 50}"))
                .instance()
                .id();
        awaitStatus(completed, InstanceStatus.COMPLETED);
        String cancelled = service.start(StartCommand.of("report", "{\"steps\": 3, \"stepMillis\": 20000}"))
                .instance()
                .id();
        assertThat(service.cancel(cancelled)).isEqualTo(CancelResult.CANCEL_REQUESTED);
        awaitStatus(cancelled, InstanceStatus.CANCELLED);
        String terminated =
                idleService.start(StartCommand.of("report", null)).instance().id();
        idleClient.newUntypedWorkflowStub(terminated).terminate("operator");
        String live =
                idleService.start(StartCommand.of("report", null)).instance().id();
        String lost = "lost-start";
        String forgotten = "history-removed";
        String fresh = "fresh-start";
        insertRow(lost);
        insertRow(forgotten);
        execute(
                "INSERT INTO step_execution (instance_id, step, name, attempt, worker, started_at, completed_at) "
                        + "VALUES (?, 1, 'step-1', 1, 'gone', now(), now())",
                forgotten);
        insertRow(fresh);
        for (String id : new String[] {completed, cancelled, terminated, live, lost, forgotten}) {
            backToRunning(id, "10 minutes");
        }

        InstanceReconciler.Pass pass = reconciler.reconcile(null, QUIET, 100, () -> false);

        assertThat(pass.checked()).isEqualTo(6);
        assertThat(pass.next()).isNull();
        assertThat(pass.unavailable()).isNull();
        assertThat(pass.corrections())
                .extracting(
                        InstanceReconciler.Correction::id,
                        InstanceReconciler.Correction::temporalStatus,
                        InstanceReconciler.Correction::status)
                .containsExactlyInAnyOrder(
                        tuple(completed, "COMPLETED", InstanceStatus.COMPLETED),
                        tuple(cancelled, "CANCELED", InstanceStatus.CANCELLED),
                        tuple(terminated, "TERMINATED", InstanceStatus.FAILED),
                        tuple(lost, "NOT_FOUND", null),
                        tuple(forgotten, "NOT_FOUND", InstanceStatus.FAILED));
        InstanceRecord done = service.find(completed).orElseThrow();
        assertThat(done.resultJson()).contains("\"stepsCompleted\": 2");
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.steps()).hasSize(2);
        assertThat(service.find(terminated).orElseThrow().error()).contains("TERMINATED");
        assertThat(service.find(lost)).isEmpty();
        assertThat(service.find(forgotten).orElseThrow().error()).contains("history was removed");
        assertThat(service.find(live).orElseThrow().status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(service.find(fresh).orElseThrow().status()).isEqualTo(InstanceStatus.RUNNING);

        InstanceReconciler.Pass again = reconciler.reconcile(null, QUIET, 100, () -> false);
        assertThat(again.checked()).isEqualTo(1);
        assertThat(again.corrections()).isEmpty();
    }

    @Test
    void aPassStopsAtItsLimitOrWhenToldAndTheNextContinuesWhereItStopped() throws SQLException {
        for (int i = 1; i <= 5; i++) {
            insertRow("lost-" + i);
            backToRunning("lost-" + i, (60 - i) + " minutes");
        }

        int[] asked = {0};
        InstanceReconciler.Pass stopped = reconciler.reconcile(null, QUIET, 5, () -> asked[0]++ > 0);
        InstanceReconciler.Pass second = reconciler.reconcile(stopped.next(), QUIET, 2, () -> false);
        InstanceReconciler.Pass third = reconciler.reconcile(second.next(), QUIET, 2, () -> false);
        InstanceReconciler.Pass last = reconciler.reconcile(third.next(), QUIET, 2, () -> false);

        assertThat(stopped.corrections())
                .extracting(InstanceReconciler.Correction::id)
                .containsExactly("lost-1");
        assertThat(stopped.next().id()).isEqualTo("lost-1");
        assertThat(second.corrections())
                .extracting(InstanceReconciler.Correction::id)
                .containsExactly("lost-2", "lost-3");
        assertThat(third.corrections())
                .extracting(InstanceReconciler.Correction::id)
                .containsExactly("lost-4", "lost-5");
        assertThat(last.checked()).isZero();
        assertThat(last.next()).isNull();
    }

    @Test
    void aTemporalThatDoesNotAnswerEndsThePassAndChangesNothing() throws Exception {
        insertRow("unanswered");
        backToRunning("unanswered", "10 minutes");
        WorkflowServiceStubs dead = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + Infra.freePort())
                .setRpcTimeout(Duration.ofSeconds(1))
                .setRpcRetryOptions(RpcRetryOptions.newBuilder()
                        .setExpiration(Duration.ofSeconds(1))
                        .validateBuildWithDefaults())
                .build());
        WorkflowClient unreachable = WorkflowClient.newInstance(
                dead, WorkflowClientOptions.newBuilder().setNamespace("default").build());
        try {
            InstanceReconciler.Pass pass = new InstanceReconciler(
                            new InstanceStore(db), unreachable, Duration.ofSeconds(1))
                    .reconcile(null, QUIET, 10, () -> false);

            assertThat(pass.unavailable()).hasMessageContaining("Temporal did not describe workflow unanswered");
            assertThat(pass.checked()).isZero();
            assertThat(pass.corrections()).isEmpty();
            assertThat(service.find("unanswered").orElseThrow().status()).isEqualTo(InstanceStatus.RUNNING);
        } finally {
            Infra.close(unreachable);
        }
    }

    private void insertRow(String id) throws SQLException {
        execute(
                "INSERT INTO workflow_instance (id, type, status, input, created_at, updated_at) "
                        + "VALUES (?, 'report', 'RUNNING', '{}', now() - interval '1 hour', now())",
                id);
    }

    /** What a lost bookkeeping write leaves: RUNNING, last written {@code age} ago. */
    private void backToRunning(String id, String age) throws SQLException {
        execute(
                "UPDATE workflow_instance SET status = 'RUNNING', result = NULL, error = NULL, finished_at = NULL, "
                        + "updated_at = now() - interval '" + age + "' WHERE id = ?",
                id);
    }

    private void execute(String sql, String id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private void awaitStatus(String id, InstanceStatus status) {
        Poll.untilTrue(
                id + " " + status,
                DONE_WITHIN,
                () -> service.find(id).map(r -> r.status() == status).orElse(false));
    }
}
