package io.quiesce.workflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
import io.quiesce.workflow.report.HookedReportType;
import io.quiesce.workflow.report.Release020ReportType;
import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import io.quiesce.workflow.testing.Infra;
import io.quiesce.workflow.types.WorkflowTypes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rolling update from release 0.2.0 to this release that changes {@code report} (the {@code report-started} change),
 * in one JVM: workers of both releases poll one task queue, and a worker leaves exactly as on SIGTERM
 * ({@link WorkflowWorker#stopIntake()}, then {@link WorkflowWorker#stop}) while the test holds an activity of an instance
 * on it, so that the instance's next workflow task goes to the workers still polling: from this release to 0.2.0 and
 * back. With the change shipped inactive no workflow task fails, and once no 0.2.0 worker polls the change is activated;
 * activated while 0.2.0 still polls, the 0.2.0 worker fails the workflow tasks of runs that took the new branch.
 */
@ExtendWith(Infra.Extension.class)
class RollingUpdateIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(RollingUpdateIT.class.getName());
    private static final String OLD = "0.2.0";
    private static final String NEW = "0.3.0";
    private static final String INPUT = "{\"steps\":3,\"stepMillis\":200}";

    private final Infra infra = Infra.get();
    private final DataSource db = infra.newMigratedDatabase("rolling");
    private final String queue = Infra.newTaskQueue("rolling");
    private final WorkflowClient client = infra.newClient();
    private final InstanceStore store = new InstanceStore(db);
    private final InstanceService api =
            new InstanceService(store, WorkflowTypesProducer.all(store), client, config("api", NEW, Map.of()));
    private final ActivityGate gate = new ActivityGate();
    private final List<WorkflowWorker> workers = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        gate.releaseAll();
        for (WorkflowWorker w : workers) {
            w.stop(Duration.ofSeconds(2));
        }
        Infra.close(client);
    }

    /**
     * Phase 1 (mixed, change inactive): an instance begun by this release continues on 0.2.0 and comes back; one begun by
     * 0.2.0 finishes here. Phase 2 (no 0.2.0 worker left): the change is activated, a new instance takes the new branch,
     * and one that recorded the old branch keeps it.
     */
    @Test
    void shippedInactiveAndActivatedOnceThePreviousReleaseIsGoneNoWorkflowTaskFails() throws Exception {
        WorkflowWorker new1 = worker("new-1", NEW, false);
        String mixed = start("mixed", "step 1");
        gate.holdAt(mixed, "step 2");
        gate.awaitEntered(mixed, "step 1");
        WorkflowWorker old = worker("old-1", OLD, false);
        leave(new1, mixed, "step 1");
        gate.awaitEntered(mixed, "step 2");
        String fromOld = start("from-old", "step 1");
        gate.awaitEntered(fromOld, "step 1");
        WorkflowWorker new2 = worker("new-2", NEW, false);
        gate.release(fromOld, "step 1");
        leave(old, mixed, "step 2");

        worker("new-3", NEW, true);
        new2.stopIntake();
        new2.stop(Duration.ofSeconds(10));
        String activated = start("activated", null);

        Map<String, InstanceRecord> done = awaitCompleted(List.of(mixed, fromOld, activated));
        Map<String, WorkflowExecutionHistory> histories = histories(done.keySet());
        List<HistoryEvent> failures = taskFailures(histories.values());
        LOG.info("event=test.rolling_update_phased workflow_task_failures=" + failures.size() + " steps="
                + done.values().stream().mapToInt(r -> r.steps().size()).sum());

        assertThat(failures).as("workflow task failures").isEmpty();
        assertThat(done.values())
                .allSatisfy(r -> assertThat(r.steps())
                        .as("each step of " + r.id() + " recorded once, none retried")
                        .extracting(StepRecord::step, StepRecord::attempt)
                        .containsExactly(tuple(1, 1), tuple(2, 1), tuple(3, 1)));
        assertThat(done.get(mixed).steps())
                .extracting(StepRecord::worker, StepRecord::codeVersion)
                .startsWith(tuple("new-1", NEW), tuple("old-1", OLD));
        assertThat(done.get(fromOld).steps().get(0).worker()).isEqualTo("old-1");
        assertThat(ReplayGate.versionMarker(histories.get(mixed), "report-started"))
                .as("this release began it with the change inactive: the old branch, recorded")
                .contains(-1);
        assertThat(ReplayGate.versionMarker(histories.get(fromOld), "report-started"))
                .as("begun by 0.2.0, which knows no such change")
                .isEmpty();
        assertThat(done.get(mixed).startedAt()).isNull();
        assertThat(done.get(fromOld).startedAt()).isNull();
        assertThat(ReplayGate.versionMarker(histories.get(activated), "report-started"))
                .contains(1);
        assertThat(activities(histories.get(activated))).startsWith("report.MarkStarted", "report.RunStep");
        assertThat(done.get(activated).startedAt())
                .isNotNull()
                .isAfterOrEqualTo(done.get(activated).createdAt().minusSeconds(1))
                .isBeforeOrEqualTo(done.get(activated).steps().get(0).completedAt());
        assertThat(ReplayGate.check(WorkflowTypesProducer.all(store), gateHistories(histories)))
                .as("every history replays on this release's code")
                .isEmpty();
        assertThat(ReplayGate.check(
                        new WorkflowTypes(List.of(new Release020ReportType(store))),
                        gateHistories(Map.of(mixed, histories.get(mixed), fromOld, histories.get(fromOld)))))
                .as("0.2.0 replays what this release recorded with the change inactive")
                .isEmpty();
    }

    /**
     * The same change activated while a 0.2.0 worker still polls: an instance that took the new branch here is handed to
     * the 0.2.0 worker, which cannot replay it, and its workflow tasks fail until a worker of this release takes it.
     */
    @Test
    void activatedWhileThePreviousReleaseStillPollsTheOldWorkerFailsWorkflowTasks() throws Exception {
        WorkflowWorker new1 = worker("new-active-1", NEW, true);
        String unphased = start("unphased", "started");
        gate.awaitEntered(unphased, "started");
        WorkflowWorker old = worker("old-1", OLD, false);
        leave(new1, unphased, "started");

        HistoryEvent failure = Poll.untilPresent(
                "a failed workflow task of " + unphased,
                WITHIN,
                () -> taskFailures(List.of(client.fetchHistory(unphased))).stream()
                        .findFirst()
                        .orElse(null));
        worker("new-active-2", NEW, true);
        old.stopIntake();
        old.stop(Duration.ofSeconds(10));

        InstanceRecord done = awaitCompleted(List.of(unphased)).get(unphased);
        WorkflowExecutionHistory history = client.fetchHistory(unphased);
        List<String> failedBy = workersOf(history, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
        List<String> timedOutOn = workersOf(history, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
        String message =
                failure.getWorkflowTaskFailedEventAttributes().getFailure().getMessage();
        LOG.info("event=test.rolling_update_unphased workflow_tasks_failed=" + failedBy.size() + " by=" + failedBy
                + " timed_out=" + timedOutOn.size() + " on=" + timedOutOn + " first=\"" + message + "\"");

        assertThat(failedBy)
                .as("every failed workflow task was the 0.2.0 worker's")
                .isNotEmpty()
                .containsOnly("old-1");
        assertThat(timedOutOn)
                .as(
                        "the SDK reports a task's later failed attempts by not answering: they time out, on the 0.2.0 worker")
                .containsOnly("old-1");
        assertThat(message).contains("report.MarkStarted").contains("report.RunStep");
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.steps()).extracting(StepRecord::attempt).containsExactly(1, 1, 1);
    }

    /** Starts an instance whose id is known before it runs, holding {@code heldAt} (if any) wherever it runs. */
    private String start(String name, String heldAt) {
        StartCommand command = new StartCommand("report", INPUT, name + "-" + UUID.randomUUID(), null, null, null);
        String id = InstanceService.instanceId(command);
        if (heldAt != null) {
            gate.holdAt(id, heldAt);
        }
        api.start(command);
        return id;
    }

    /**
     * The worker leaves as on SIGTERM while it runs {@code held} of {@code instanceId}: polling stops, then the activity
     * finishes and the worker drains, so the instance's next workflow task goes to the workers still polling.
     */
    private void leave(WorkflowWorker worker, String instanceId, String held) throws InterruptedException {
        worker.stopIntake();
        gate.release(instanceId, held);
        Map<String, Long> drain = worker.stop(Duration.ofSeconds(10));
        assertThat(drain).containsEntry("drained", 1L).containsEntry("activities_abandoned", 0L);
    }

    private WorkflowWorker worker(String identity, String codeVersion, boolean activated) {
        WorkflowTypes types = new WorkflowTypes(List.of(
                codeVersion.equals(OLD) ? new Release020ReportType(store, gate) : new HookedReportType(store, gate)));
        WorkflowWorker worker = new WorkflowWorker(
                config(
                        identity,
                        codeVersion,
                        activated ? Map.of(WorkflowConfig.ACTIVATE_CHANGES, "report-started") : Map.of()),
                store,
                types,
                () -> true,
                WorkflowTelemetry.off(),
                Infra.log("test." + identity));
        workers.add(worker);
        Started polling = new Started();
        worker.start(polling);
        Poll.untilTrue(identity + " polling", WITHIN, polling::get);
        return worker;
    }

    private WorkflowConfig config(String identity, String codeVersion, Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.put(WorkflowConfig.CODE_VERSION, codeVersion);
        return infra.config(queue, identity, overrides);
    }

    private Map<String, InstanceRecord> awaitCompleted(List<String> ids) {
        Map<String, InstanceRecord> done = new HashMap<>();
        for (String id : ids) {
            done.put(
                    id,
                    Poll.untilPresent(
                            id + " completed",
                            WITHIN,
                            () -> api.find(id)
                                    .filter(r -> r.status() == InstanceStatus.COMPLETED)
                                    .orElse(null)));
            Poll.untilTrue(
                    id + " closed in Temporal",
                    WITHIN,
                    () -> client.fetchHistory(id).getLastEvent().getEventType()
                            == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        }
        return done;
    }

    private Map<String, WorkflowExecutionHistory> histories(Iterable<String> ids) {
        Map<String, WorkflowExecutionHistory> histories = new HashMap<>();
        ids.forEach(id -> histories.put(id, client.fetchHistory(id)));
        return histories;
    }

    private static List<ReplayGate.History> gateHistories(Map<String, WorkflowExecutionHistory> histories) {
        return histories.entrySet().stream()
                .map(e -> new ReplayGate.History(e.getKey(), "mixed", "report", e.getValue()))
                .toList();
    }

    private static List<HistoryEvent> taskFailures(Iterable<WorkflowExecutionHistory> histories) {
        List<HistoryEvent> failures = new ArrayList<>();
        histories.forEach(h -> h.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED
                        || e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)
                .forEach(failures::add));
        return failures;
    }

    /**
     * The worker of each workflow task of {@code type} (failed or timed out) in the history: the failed event names it,
     * a timed-out one only through the task's started event.
     */
    private static List<String> workersOf(WorkflowExecutionHistory history, EventType type) {
        Map<Long, String> startedBy = new HashMap<>();
        List<String> workers = new ArrayList<>();
        for (HistoryEvent e : history.getEvents()) {
            if (e.hasWorkflowTaskStartedEventAttributes()) {
                startedBy.put(
                        e.getEventId(),
                        e.getWorkflowTaskStartedEventAttributes().getIdentity());
            } else if (e.getEventType() == type && e.hasWorkflowTaskFailedEventAttributes()) {
                workers.add(e.getWorkflowTaskFailedEventAttributes().getIdentity());
            } else if (e.getEventType() == type && e.hasWorkflowTaskTimedOutEventAttributes()) {
                workers.add(
                        startedBy.get(e.getWorkflowTaskTimedOutEventAttributes().getStartedEventId()));
            }
        }
        return workers;
    }

    private static List<String> activities(WorkflowExecutionHistory history) {
        return history.getEvents().stream()
                .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .map(e -> e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())
                .toList();
    }
}
