package io.quiesce.rehearsal.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskFailedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowTaskTimedOutEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowTaskAuditTest {

    private static final Map<String, WorkflowTaskAudit.Worker> PODS = Map.of(
            "quiesce-1", new WorkflowTaskAudit.Worker("quiesce-1", "0.2.0"),
            "quiesce-3", new WorkflowTaskAudit.Worker("quiesce-3", "0.3.0"));

    @Test
    void failedTasksCountForTheWorkerThatFailedThemAndTimedOutOnesForTheWorkerThatStartedThem() {
        WorkflowTaskAudit.Tally tally = new WorkflowTaskAudit.Tally(
                identity -> PODS.getOrDefault(identity, new WorkflowTaskAudit.Worker(identity, "(unknown)")));

        tally.add(
                "i-1",
                history(
                        started(2, "quiesce-3"),
                        started(5, "quiesce-1"),
                        failed(6, 5, "quiesce-1"),
                        started(8, "quiesce-1"),
                        timedOut(9, 8),
                        started(11, "quiesce-3")));
        tally.add("i-2", history(started(2, "quiesce-3")));
        tally.unreadable("i-3", new IllegalStateException("NOT_FOUND"));
        WorkflowTaskAudit.WorkflowTasks tasks = tally.result();

        assertThat(tasks.histories()).isEqualTo(2);
        assertThat(tasks.unreadable()).isEqualTo(1);
        assertThat(tasks.failed()).isEqualTo(1);
        assertThat(tasks.instancesWithFailures()).isEqualTo(1);
        assertThat(tasks.failedByPod()).containsExactly(Map.entry("quiesce-1 (0.2.0)", 1));
        assertThat(tasks.failedByRelease()).containsExactly(Map.entry("0.2.0", 1));
        assertThat(tasks.timedOut()).isEqualTo(1);
        assertThat(tasks.timedOutByPod()).containsExactly(Map.entry("quiesce-1 (0.2.0)", 1));
        assertThat(tasks.firstFailures())
                .containsExactly(
                        "i-1 on quiesce-1 (0.2.0): WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR: [TMPRL1100]"
                                + " Command COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK doesn't match",
                        "i-3: history not readable: java.lang.IllegalStateException: NOT_FOUND");
    }

    private static WorkflowExecutionHistory history(HistoryEvent... events) {
        History.Builder history = History.newBuilder()
                .addEvents(HistoryEvent.newBuilder()
                        .setEventId(1)
                        .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
                        .setWorkflowExecutionStartedEventAttributes(
                                WorkflowExecutionStartedEventAttributes.getDefaultInstance()));
        for (HistoryEvent event : events) {
            history.addEvents(event);
        }
        return new WorkflowExecutionHistory(history.build());
    }

    private static HistoryEvent started(long id, String identity) {
        return HistoryEvent.newBuilder()
                .setEventId(id)
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
                .setWorkflowTaskStartedEventAttributes(
                        WorkflowTaskStartedEventAttributes.newBuilder().setIdentity(identity))
                .build();
    }

    private static HistoryEvent failed(long id, long startedId, String identity) {
        return HistoryEvent.newBuilder()
                .setEventId(id)
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
                .setWorkflowTaskFailedEventAttributes(WorkflowTaskFailedEventAttributes.newBuilder()
                        .setStartedEventId(startedId)
                        .setIdentity(identity)
                        .setCause(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR)
                        .setFailure(Failure.newBuilder()
                                .setMessage("[TMPRL1100]\n Command COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK doesn't match")))
                .build();
    }

    private static HistoryEvent timedOut(long id, long startedId) {
        return HistoryEvent.newBuilder()
                .setEventId(id)
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)
                .setWorkflowTaskTimedOutEventAttributes(
                        WorkflowTaskTimedOutEventAttributes.newBuilder().setStartedEventId(startedId))
                .build();
    }
}
