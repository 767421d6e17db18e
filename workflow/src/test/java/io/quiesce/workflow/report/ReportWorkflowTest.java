package io.quiesce.workflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workflow's control flow on Temporal's in-process test environment (time skipping), with fake activities. */
class ReportWorkflowTest {

    private static final String QUEUE = "report-test";

    private TestWorkflowEnvironment env;
    private final FakeReportActivities activities = new FakeReportActivities();
    private WorkflowClient client;

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
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
        return client.newWorkflowStub(
                ReportWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue(QUEUE)
                        .build());
    }
}
