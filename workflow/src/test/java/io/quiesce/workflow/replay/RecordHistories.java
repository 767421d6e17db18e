package io.quiesce.workflow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.database.testing.TestDatabases;
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
import io.quiesce.workflow.testing.Infra;
import io.quiesce.workflow.testing.WorkerProcess;
import io.quiesce.workflow.worker.WorkflowWorker;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records the histories the replay gate replays, from real executions of the current code on a real Temporal frontend
 * and PostgreSQL, into {@code src/test/resources/histories/<code version>/}. Not a test (its name matches no test
 * pattern): run it when a release is cut, {@code ./mvnw -pl workflow -am verify -DskipTests -Precord-histories}
 * (docs/workflows.md); {@code -Dquiesce.workflow.code-version=X} names the folder, by default the build's
 * version.
 */
@ExtendWith(Infra.Extension.class)
class RecordHistories {

    static final String DIRECTORY = "quiesce.histories.directory";
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(RecordHistories.class.getName());

    private final Infra infra = Infra.get();
    private final List<WorkflowWorker> workers = new ArrayList<>();
    private String codeVersion;
    private Path folder;
    private DataSource db;
    private String queue;
    private WorkflowClient client;
    private InstanceService service;

    @BeforeEach
    void setUp() throws IOException {
        codeVersion = System.getProperty(WorkflowConfig.CODE_VERSION, shippedCodeVersion());
        String directory = System.getProperty(DIRECTORY);
        assertThat(directory)
                .as("-D" + DIRECTORY + " (set by the record-histories profile)")
                .isNotBlank();
        folder = Path.of(directory).resolve(codeVersion);
        Files.createDirectories(folder);
        db = infra.newMigratedDatabase("histories");
        queue = Infra.newTaskQueue("histories");
        client = infra.newClient();
        service = new InstanceService(
                new InstanceStore(db), WorkflowTypesProducer.all(new InstanceStore(db)), client, config("api"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (WorkflowWorker w : workers) {
            w.stop(Duration.ofSeconds(2));
        }
        Infra.close(client);
    }

    @Test
    void completed() throws IOException {
        worker("worker-a");
        String id = start("{\"steps\":3,\"stepMillis\":200}");
        awaitStatus(id, InstanceStatus.COMPLETED);
        save("report-completed", id);
    }

    @Test
    void cancelledDuringAStep() throws IOException {
        worker("worker-a");
        String id = start("{\"steps\":3,\"stepMillis\":5000}");
        Poll.untilTrue("step 1 in flight", WITHIN, () -> Infra.activityRunningOn(client, id, "worker-a"));
        service.cancel(id);
        awaitStatus(id, InstanceStatus.CANCELLED);
        save("report-cancelled", id);
    }

    /** Worker a drains mid-step as on SIGTERM: its step finishes there, worker b runs the rest. */
    @Test
    void drainedMidStep() throws Exception {
        WorkflowWorker a = worker("worker-a");
        String id = start("{\"steps\":3,\"stepMillis\":2000}");
        Poll.untilTrue("step 1 in flight on worker a", WITHIN, () -> Infra.activityRunningOn(client, id, "worker-a"));
        worker("worker-b");
        a.stopIntake();
        a.stop(Duration.ofSeconds(10));
        InstanceRecord done = awaitStatus(id, InstanceStatus.COMPLETED);
        assertThat(done.steps()).extracting(StepRecord::worker).containsExactly("worker-a", "worker-b", "worker-b");
        save("report-drained", id);
    }

    /** Worker a dies mid-step (SIGKILL of its own JVM): the step times out on its heartbeat and is retried on b. */
    @Test
    void stepRetriedOnAnotherWorkerAfterACrash() throws Exception {
        try (WorkerProcess a = WorkerProcess.start(
                infra.temporalTarget(), TestDatabases.jdbcUrl(db), queue, "worker-a", codeVersion, WITHIN)) {
            String id = start("{\"steps\":2,\"stepMillis\":3000}");
            Poll.untilTrue(
                    "step 1 in flight on worker a", WITHIN, () -> Infra.activityRunningOn(client, id, "worker-a"));
            worker("worker-b");
            a.kill();
            InstanceRecord done = awaitStatus(id, InstanceStatus.COMPLETED);
            assertThat(done.steps().get(0).worker()).isEqualTo("worker-b");
            assertThat(done.steps().get(0).attempt()).isGreaterThanOrEqualTo(2);
            save("report-retried-after-handover", id);
        }
    }

    private WorkflowWorker worker(String identity) {
        WorkflowWorker worker = new WorkflowWorker(
                config(identity),
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                () -> true,
                WorkflowTelemetry.off(),
                Infra.log("test.record." + identity));
        workers.add(worker);
        Started polling = new Started();
        worker.start(polling);
        Poll.untilTrue(identity + " polling", WITHIN, polling::get);
        return worker;
    }

    private WorkflowConfig config(String identity) {
        return infra.config(queue, identity, Map.of(WorkflowConfig.CODE_VERSION, codeVersion));
    }

    private String start(String input) {
        return service.start(StartCommand.of("report", input)).instance().id();
    }

    private InstanceRecord awaitStatus(String id, InstanceStatus status) {
        InstanceRecord record = Poll.untilPresent(
                id + " " + status,
                WITHIN,
                () -> service.find(id).filter(r -> r.status() == status).orElse(null));
        Poll.untilTrue(
                id + " closed in Temporal",
                WITHIN,
                () -> client.newUntypedWorkflowStub(id).describe().getStatus()
                        != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        return record;
    }

    private void save(String name, String id) throws IOException {
        Path file = folder.resolve(name + ".json");
        Files.writeString(file, client.fetchHistory(id).toJson(true) + "\n");
        LOG.info("event=test.history_recorded file=" + file + " code_version=" + codeVersion);
    }

    private static String shippedCodeVersion() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = WorkflowConfig.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
        return defaults.getProperty(WorkflowConfig.CODE_VERSION);
    }
}
