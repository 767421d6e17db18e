package io.quiesce.workflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.quiesce.workflow.replay.ReplayGate;
import io.quiesce.workflow.report.PreviousReportType;
import io.quiesce.workflow.report.UnguardedReportWorkflowImpl;
import io.quiesce.workflow.testing.ActivityMeter;
import io.quiesce.workflow.testing.Infra;
import io.quiesce.workflow.types.WorkflowTypes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rolling update that changes workflow code: a server of the previous release (its {@code report} without the
 * summary, kept as a test fixture) and one of the current release poll one task queue; the old one is drained mid-run
 * exactly as on SIGTERM ({@link WorkflowWorker#stopIntake()}, then {@link WorkflowWorker#stop}), and the new one finishes
 * every instance. One instance is held at its last activity, past the point of the change, so that the new code has to
 * continue a history in which the old code already decided against the summary.
 */
@ExtendWith(Infra.Extension.class)
class RollingUpdateIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(RollingUpdateIT.class.getName());
    private static final String OLD = "0.1.0";
    private static final String NEW = "0.2.0";
    private static final int RUNNING_STEPS = 4;

    private final Infra infra = Infra.get();
    private final DataSource db = infra.newMigratedDatabase("rolling");
    private final String queue = Infra.newTaskQueue("rolling");
    private final WorkflowClient client = infra.newClient();
    private final List<WorkflowWorker> workers = new ArrayList<>();
    private final Map<WorkflowWorker, ActivityMeter> meters = new HashMap<>();
    private final CountDownLatch lastActivityEntered = new CountDownLatch(1);
    private final CountDownLatch lastActivityReleased = new CountDownLatch(1);
    private volatile String heldInstance;

    @AfterEach
    void tearDown() throws Exception {
        lastActivityReleased.countDown();
        for (WorkflowWorker w : workers) {
            w.stop(Duration.ofSeconds(2));
        }
        Infra.close(client);
    }

    @Test
    void instancesStartedOnThePreviousReleaseFinishOnTheCurrentOneAfterADrain() throws Exception {
        WorkflowWorker old = worker(
                "server-" + OLD,
                OLD,
                new WorkflowTypes(List.of(new PreviousReportType(new InstanceStore(db), this::hold))));
        InstanceService oldApi = new InstanceService(
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                client,
                config("api-" + OLD, OLD));
        StartCommand held = new StartCommand(
                "report", "{\"steps\":1,\"stepMillis\":0}", "held-" + UUID.randomUUID(), null, null, null);
        heldInstance = InstanceService.instanceId(held);
        oldApi.start(held);
        assertThat(lastActivityEntered.await(60, TimeUnit.SECONDS))
                .as("the old server's last activity started")
                .isTrue();
        List<String> running = new ArrayList<>();
        for (int i = 0; i < RUNNING_STEPS; i++) {
            running.add(oldApi.start(StartCommand.of("report", "{\"steps\":3,\"stepMillis\":1500}"))
                    .instance()
                    .id());
        }
        Poll.untilTrue(
                "every instance's step 1 and the held activity in flight on the old server",
                WITHIN,
                () -> meters.get(old).running() == RUNNING_STEPS + 1);

        WorkflowWorker current = worker("server-" + NEW, NEW, WorkflowTypesProducer.all(new InstanceStore(db)));
        old.stopIntake();
        lastActivityReleased.countDown();
        Map<String, Long> drain = old.stop(Duration.ofSeconds(10));

        List<String> all = new ArrayList<>(running);
        all.add(heldInstance);
        List<InstanceRecord> done = new ArrayList<>();
        for (String id : all) {
            done.add(Poll.untilPresent(
                    id + " completed",
                    WITHIN,
                    () -> oldApi.find(id)
                            .filter(r -> r.status() == InstanceStatus.COMPLETED)
                            .orElse(null)));
        }
        List<WorkflowExecutionHistory> histories = new ArrayList<>();
        for (String id : all) {
            Poll.untilTrue(id + " closed in Temporal", WITHIN, () -> closed(client.fetchHistory(id)));
            histories.add(client.fetchHistory(id));
        }
        long taskFailures = histories.stream()
                .flatMap(h -> h.getEvents().stream())
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED
                        || e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)
                .count();
        List<StepRecord> steps = done.stream().flatMap(r -> r.steps().stream()).toList();
        long onOld = steps.stream().filter(s -> OLD.equals(s.codeVersion())).count();
        long onNew = steps.stream().filter(s -> NEW.equals(s.codeVersion())).count();
        long retried = steps.stream().filter(s -> s.attempt() > 1).count();
        long finishedByNew = histories.stream()
                .filter(h -> lastWorkflowTaskBy(h, "server-" + NEW))
                .count();
        LOG.info("event=test.rolling_update instances=" + all.size() + " completed=" + done.size()
                + " workflow_task_failures=" + taskFailures + " step_rows=" + steps.size() + " steps_on_old=" + onOld
                + " steps_on_new=" + onNew + " retried_steps=" + retried + " finished_by_new=" + finishedByNew
                + " old_drain=" + drain);

        assertThat(drain)
                .containsEntry("activities_in_flight", (long) RUNNING_STEPS + 1)
                .containsEntry("activities_completed", (long) RUNNING_STEPS + 1)
                .containsEntry("activities_abandoned", 0L)
                .containsEntry("drained", 1L);
        assertThat(taskFailures).as("workflow task failures or timeouts").isZero();
        assertThat(finishedByNew)
                .as("instances whose last workflow task ran on the new server")
                .isEqualTo(all.size());
        assertThat(steps)
                .as("each step recorded exactly once, none retried")
                .hasSize(3 * RUNNING_STEPS + 1)
                .allSatisfy(s -> assertThat(s.attempt()).isEqualTo(1));
        assertThat(onOld).isEqualTo(RUNNING_STEPS + 1);
        assertThat(onNew).isEqualTo(2 * RUNNING_STEPS);
        for (InstanceRecord r : done.subList(0, RUNNING_STEPS)) {
            assertThat(r.codeVersion()).isEqualTo(OLD);
            assertThat(r.steps()).extracting(StepRecord::step).containsExactly(1, 2, 3);
            assertThat(r.steps()).extracting(StepRecord::codeVersion).containsExactly(OLD, NEW, NEW);
            assertThat(r.resultJson())
                    .as("the new code reached the change itself: the summary runs")
                    .contains("\"codeVersions\": [\"" + OLD + "\", \"" + NEW + "\"]");
        }
        InstanceRecord late = done.get(RUNNING_STEPS);
        assertThat(late.steps()).extracting(StepRecord::codeVersion).containsExactly(OLD);
        assertThat(late.resultJson())
                .as("the old code had passed the change: no summary")
                .contains("\"summary\": null");
        assertThat(ReplayGate.check(
                        WorkflowTypesProducer.all(new InstanceStore(db)),
                        histories.stream()
                                .map(h -> new ReplayGate.History(
                                        h.getWorkflowExecution().getWorkflowId(), "mixed", "report", h))
                                .toList()))
                .isEmpty();
    }

    /** What the version guard prevents: the same change without it fails the held instance's workflow task. */
    @Test
    void withoutTheVersionGuardTheInstancePastTheChangeIsStuck() throws Exception {
        WorkflowWorker old = worker(
                "server-" + OLD,
                OLD,
                new WorkflowTypes(List.of(new PreviousReportType(new InstanceStore(db), this::hold))));
        InstanceService oldApi = new InstanceService(
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                client,
                config("api-" + OLD, OLD));
        StartCommand held = new StartCommand(
                "report", "{\"steps\":1,\"stepMillis\":0}", "held-" + UUID.randomUUID(), null, null, null);
        heldInstance = InstanceService.instanceId(held);
        oldApi.start(held);
        assertThat(lastActivityEntered.await(60, TimeUnit.SECONDS))
                .as("the old server's last activity started")
                .isTrue();

        worker(
                "server-unguarded",
                NEW,
                new WorkflowTypes(List.of(new UnguardedReportWorkflowImpl.Type(new InstanceStore(db)))));
        old.stopIntake();
        lastActivityReleased.countDown();
        old.stop(Duration.ofSeconds(10));

        HistoryEvent failure = Poll.untilPresent(
                "a failed workflow task",
                WITHIN,
                () -> client.fetchHistory(heldInstance).getEvents().stream()
                        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
                        .findFirst()
                        .orElse(null));
        LOG.info("event=test.rolling_update_unguarded workflow_task_failed="
                + failure.getWorkflowTaskFailedEventAttributes().getFailure().getMessage());
        assertThat(failure.getWorkflowTaskFailedEventAttributes().getFailure().getMessage())
                .contains("report.Summarize")
                .contains("report.MarkCompleted");
        assertThat(client.newUntypedWorkflowStub(heldInstance).describe().getStatus())
                .as("the workflow cannot close: each new workflow task fails the same way")
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    }

    private void hold(String instanceId) {
        if (!instanceId.equals(heldInstance)) {
            return;
        }
        lastActivityEntered.countDown();
        try {
            lastActivityReleased.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private WorkflowWorker worker(String identity, String codeVersion, WorkflowTypes types) {
        ActivityMeter meter = new ActivityMeter();
        WorkflowWorker worker = new WorkflowWorker(
                config(identity, codeVersion),
                new InstanceStore(db),
                types,
                () -> true,
                meter.telemetry(),
                Infra.log("test." + identity));
        workers.add(worker);
        meters.put(worker, meter);
        Started polling = new Started();
        worker.start(polling);
        Poll.untilTrue(identity + " polling", WITHIN, polling::get);
        return worker;
    }

    private WorkflowConfig config(String identity, String codeVersion) {
        return infra.config(queue, identity, Map.of(WorkflowConfig.CODE_VERSION, codeVersion));
    }

    private static boolean closed(WorkflowExecutionHistory history) {
        return history.getLastEvent().getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED;
    }

    private static boolean lastWorkflowTaskBy(WorkflowExecutionHistory history, String identity) {
        List<HistoryEvent> tasks = history.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
                .toList();
        return tasks.get(tasks.size() - 1)
                .getWorkflowTaskCompletedEventAttributes()
                .getIdentity()
                .equals(identity);
    }
}
