package io.quiesce.workflow.report;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workflow's control flow on Temporal's in-process test environment (time skipping), with fake activities. */
class ReportWorkflowTest {

    private static final String QUEUE = "report-test";

    private TestWorkflowEnvironment env;
    private final FakeActivities activities = new FakeActivities();
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
        assertThat(result.summary()).isEqualTo(FakeActivities.SUMMARY);
        assertThat(activities.calls).containsExactly("i-1 step 1", "i-1 step 2", "i-1 step 3", "i-1 summary",
                "i-1 completed 3");
    }

    @Test
    void aFailingStepIsRetriedBeforeTheWorkflowGoesOn() {
        activities.transientFailures.set(2);

        workflow("i-2").run(new ReportInput(1, 0));

        assertThat(activities.calls).containsExactly("i-2 step 1", "i-2 step 1", "i-2 step 1", "i-2 summary",
                "i-2 completed 1");
    }

    @Test
    void aStepThatKeepsFailingRecordsFailedWithTheCause() {
        activities.failStep = 2;

        assertThatThrownBy(() -> workflow("i-3").run(new ReportInput(3, 0))).isInstanceOf(WorkflowFailedException.class);

        assertThat(activities.calls).containsExactly("i-3 step 1", "i-3 step 2", "i-3 failed DiskFull: disk full");
    }

    @Test
    void stepRetriesGiveUpAfterFiveAttempts() {
        activities.transientFailures.set(Integer.MAX_VALUE);

        assertThatThrownBy(() -> workflow("i-4").run(new ReportInput(1, 0))).isInstanceOf(WorkflowFailedException.class);

        assertThat(activities.calls).filteredOn(c -> c.endsWith("step 1")).hasSize(5);
        assertThat(activities.calls).last().isEqualTo("i-4 failed IllegalStateException: database unavailable");
    }

    private ReportWorkflow workflow(String id) {
        return client.newWorkflowStub(ReportWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    }

    /** Records calls; can fail a step for good or a number of times. */
    static final class FakeActivities implements ReportActivities {
        static final ReportSummary SUMMARY = new ReportSummary(0, List.of("fake"), List.of("0.0.0-fake"));
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger transientFailures = new AtomicInteger();
        volatile int failStep;

        @Override
        public void runStep(String instanceId, int step, long stepMillis) {
            calls.add(instanceId + " step " + step);
            if (step == failStep) {
                throw ApplicationFailure.newNonRetryableFailure("disk full", "io.example.DiskFull");
            }
            if (transientFailures.getAndDecrement() > 0) {
                throw new IllegalStateException("database unavailable");
            }
        }

        @Override
        public ReportSummary summarize(String instanceId) {
            calls.add(instanceId + " summary");
            return SUMMARY;
        }

        @Override
        public void markCompleted(String instanceId, ReportResult result) {
            calls.add(instanceId + " completed " + result.stepsCompleted());
        }

        @Override
        public void markFailed(String instanceId, String error) {
            calls.add(instanceId + " failed " + error);
        }

        @Override
        public void markCancelled(String instanceId) {
            calls.add(instanceId + " cancelled");
        }
    }
}
