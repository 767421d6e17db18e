package io.quiesce.workflow.report;

import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.types.ValidatedInput;
import io.quiesce.workflow.types.WorkflowType;
import io.temporal.activity.ActivityInterface;
import io.temporal.worker.Worker;

/**
 * {@code report} as a server of release 0.2.0 registers it: {@link Release020ReportWorkflowImpl} and the activities of
 * that release, which had no {@code report.MarkStarted}; with a hook before each activity.
 */
public final class Release020ReportType implements WorkflowType {

    private final ReportType current;
    private final InstanceStore store;
    private final ActivityHook hook;

    public Release020ReportType(InstanceStore store) {
        this(store, ActivityHook.NONE);
    }

    public Release020ReportType(InstanceStore store, ActivityHook hook) {
        this.current = new ReportType(store);
        this.store = store;
        this.hook = hook;
    }

    /** {@code ReportActivities} of release 0.2.0. */
    @ActivityInterface(namePrefix = "report.")
    public interface Activities {

        void runStep(String instanceId, int step, long stepMillis);

        ReportSummary summarize(String instanceId);

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
        worker.registerWorkflowImplementationTypes(Release020ReportWorkflowImpl.class);
        worker.registerActivitiesImplementations(new Activities() {
            @Override
            public void runStep(String instanceId, int step, long stepMillis) {
                hook.before(instanceId, ActivityHook.label(step));
                activities.runStep(instanceId, step, stepMillis);
            }

            @Override
            public ReportSummary summarize(String instanceId) {
                hook.before(instanceId, "summary");
                return activities.summarize(instanceId);
            }

            @Override
            public void markCompleted(String instanceId, ReportResult result) {
                hook.before(instanceId, "completed");
                activities.markCompleted(instanceId, result);
            }

            @Override
            public void markFailed(String instanceId, String error) {
                hook.before(instanceId, "failed");
                activities.markFailed(instanceId, error);
            }

            @Override
            public void markCancelled(String instanceId) {
                hook.before(instanceId, "cancelled");
                activities.markCancelled(instanceId);
            }
        });
    }
}
