package io.quiesce.workflow.report;

import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.types.ValidatedInput;
import io.quiesce.workflow.types.WorkflowType;
import io.temporal.worker.Worker;

/** This release's {@code report}, registered as {@link ReportType} does, with a hook before each activity. */
public final class HookedReportType implements WorkflowType {

    private final ReportType current;
    private final InstanceStore store;
    private final ActivityHook hook;

    public HookedReportType(InstanceStore store, ActivityHook hook) {
        this.current = new ReportType(store);
        this.store = store;
        this.hook = hook;
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
        worker.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
        worker.registerActivitiesImplementations(new ReportActivities() {
            @Override
            public void markStarted(String instanceId, long startedAtEpochMillis) {
                hook.before(instanceId, "started");
                activities.markStarted(instanceId, startedAtEpochMillis);
            }

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
