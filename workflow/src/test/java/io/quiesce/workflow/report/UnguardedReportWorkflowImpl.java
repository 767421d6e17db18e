package io.quiesce.workflow.report;

import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.types.ValidatedInput;
import io.quiesce.workflow.types.WorkflowType;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.worker.Worker;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;

/**
 * The summary change of {@link ReportWorkflowImpl} made the tempting way, without its {@code Workflow.getVersion} guard:
 * what the replay gate must reject.
 */
public class UnguardedReportWorkflowImpl implements ReportWorkflow {

    @Override
    public ReportResult run(ReportInput input) {
        String instanceId = Workflow.getInfo().getWorkflowId();
        long started = Workflow.currentTimeMillis();
        ReportActivities steps =
                Workflow.newActivityStub(ReportActivities.class, ReportWorkflowImpl.stepOptions(input.stepMillis()));
        ReportActivities bookkeeping = Workflow.newActivityStub(ReportActivities.class, ReportWorkflowImpl.BOOKKEEPING);
        long elapsed;
        ReportSummary summary;
        try {
            for (int step = 1; step <= input.steps(); step++) {
                steps.runStep(instanceId, step, input.stepMillis());
            }
            elapsed = Workflow.currentTimeMillis() - started;
            summary = bookkeeping.summarize(instanceId);
        } catch (TemporalFailure e) {
            if (CancellationScope.current().isCancelRequested()) {
                Workflow.newDetachedCancellationScope(() -> bookkeeping.markCancelled(instanceId))
                        .run();
                throw new CanceledFailure("cancelled on request");
            }
            Workflow.newDetachedCancellationScope(
                            () -> bookkeeping.markFailed(instanceId, ReportWorkflowImpl.describe(e)))
                    .run();
            throw e;
        }
        ReportResult result = new ReportResult(input.steps(), elapsed, summary);
        Workflow.newDetachedCancellationScope(() -> bookkeeping.markCompleted(instanceId, result))
                .run();
        return result;
    }

    /** {@code report} registered with this implementation instead of the real one. */
    public static final class Type implements WorkflowType {

        private final ReportType current = new ReportType(null);
        private final InstanceStore store;

        public Type(InstanceStore store) {
            this.store = store;
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
            worker.registerWorkflowImplementationTypes(UnguardedReportWorkflowImpl.class);
            worker.registerActivitiesImplementations(new ReportActivitiesImpl(store, workerIdentity, codeVersion));
        }
    }
}
