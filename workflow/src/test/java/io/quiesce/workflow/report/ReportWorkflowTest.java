package io.quiesce.workflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.workflow.change.ChangeActivation;
import io.quiesce.workflow.change.WorkflowChange;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workflow's control flow on Temporal's in-process test environment (time skipping), with fake activities, on workers
 * with the production worker's change activation: none activated (the default), and {@code report-started} activated.
 */
class ReportWorkflowTest {

    private static final String QUEUE = "report-test";
    private static final String ACTIVATED = "report-test-activated";

    private TestWorkflowEnvironment env;
    private final FakeReportActivities activities = new FakeReportActivities();
    private WorkflowClient client;

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        register(env.newWorker(QUEUE, options(Set.of())));
        register(env.newWorker(ACTIVATED, options(Set.of(WorkflowChange.REPORT_STARTED))));
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    @Test
    void runsEveryStepInOrderThenRecordsCompletion() {
        ReportResult result = workflow("i-1").run(new ReportInput(3, 10));

        assertThat(result.stepsCompleted()).isEqualTo(3);
        assertThat(result.summary()).isEqualTo(FakeReportActivities.SUMMARY);
        assertThat(activities.calls)
                .containsExactly("i-1 step 1", "i-1 step 2", "i-1 step 3", "i-1 summary", "i-1 completed 3");
    }

    @Test
    void withReportStartedActivatedTheStartIsRecordedBeforeTheFirstStep() {
        ReportResult result = workflow("i-5", ACTIVATED).run(new ReportInput(2, 10));

        assertThat(result.stepsCompleted()).isEqualTo(2);
        assertThat(activities.calls)
                .containsExactly("i-5 started", "i-5 step 1", "i-5 step 2", "i-5 summary", "i-5 completed 2");
    }

    @Test
    void aFailingStepIsRetriedBeforeTheWorkflowGoesOn() {
        activities.transientFailures.set(2);

        workflow("i-2").run(new ReportInput(1, 0));

        assertThat(activities.calls)
                .containsExactly("i-2 step 1", "i-2 step 1", "i-2 step 1", "i-2 summary", "i-2 completed 1");
    }

    @Test
    void aStepThatKeepsFailingRecordsFailedWithTheCause() {
        activities.failStep = 2;

        assertThatThrownBy(() -> workflow("i-3").run(new ReportInput(3, 0)))
                .isInstanceOf(WorkflowFailedException.class);

        assertThat(activities.calls).containsExactly("i-3 step 1", "i-3 step 2", "i-3 failed DiskFull: disk full");
    }

    @Test
    void stepRetriesGiveUpAfterFiveAttempts() {
        activities.transientFailures.set(Integer.MAX_VALUE);

        assertThatThrownBy(() -> workflow("i-4").run(new ReportInput(1, 0)))
                .isInstanceOf(WorkflowFailedException.class);

        assertThat(activities.calls).filteredOn(c -> c.endsWith("step 1")).hasSize(5);
        assertThat(activities.calls).last().isEqualTo("i-4 failed IllegalStateException: database unavailable");
    }

    private ReportWorkflow workflow(String id) {
        return workflow(id, QUEUE);
    }

    private ReportWorkflow workflow(String id, String queue) {
        return client.newWorkflowStub(
                ReportWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue(queue)
                        .build());
    }

    private void register(Worker worker) {
        worker.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
    }

    private static WorkerOptions options(Set<WorkflowChange> activated) {
        return WorkerOptions.newBuilder()
                .setPreferredVersionProvider(ChangeActivation.of(activated))
                .build();
    }
}
