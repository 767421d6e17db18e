package io.quiesce.workflow.report;

import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.types.ValidatedInput;
import io.quiesce.workflow.types.WorkflowType;
import io.temporal.activity.ActivityInterface;
import io.temporal.worker.Worker;
import java.util.function.Consumer;

/**
 * {@code report} as a server of release 0.1.0 registers it: {@link PreviousReportWorkflowImpl} and the activities of
 * that release, which had no {@code report.summarize}.
 */
public final class PreviousReportType implements WorkflowType {

    private final ReportType current = new ReportType(null);
    private final InstanceStore store;
    private final Consumer<String> beforeMarkCompleted;

    public PreviousReportType(InstanceStore store) {
        this(store, instanceId -> {});
    }

    /** @param beforeMarkCompleted runs in the activity before the outcome is written, to hold one in flight */
    public PreviousReportType(InstanceStore store, Consumer<String> beforeMarkCompleted) {
        this.store = store;
        this.beforeMarkCompleted = beforeMarkCompleted;
    }

    @ActivityInterface(namePrefix = "report.")
    public interface PreviousReportActivities {

        void runStep(String instanceId, int step, long stepMillis);

        void markCompleted(String instanceId, ReportResult result);

        void markFailed(String instanceId, String error);

        void markCancelled(String instanceId);
    }

    @Override
    public String name() {
        return current.name();
    }

    @Override
    public ValidatedInput validate(String inputJson) {
        return current.validate(inputJson);
    }

    @Override
    public void register(Worker worker, String workerIdentity, String codeVersion) {
        ReportActivitiesImpl activities = new ReportActivitiesImpl(store, workerIdentity, codeVersion);
        worker.registerWorkflowImplementationTypes(PreviousReportWorkflowImpl.class);
        worker.registerActivitiesImplementations(new PreviousReportActivities() {
            @Override
            public void runStep(String instanceId, int step, long stepMillis) {
                activities.runStep(instanceId, step, stepMillis);
            }

            @Override
            public void markCompleted(String instanceId, ReportResult result) {
                beforeMarkCompleted.accept(instanceId);
                activities.markCompleted(instanceId, result);
            }

            @Override
            public void markFailed(String instanceId, String error) {
                activities.markFailed(instanceId, error);
            }

            @Override
            public void markCancelled(String instanceId) {
                activities.markCancelled(instanceId);
            }
        });
    }
}
