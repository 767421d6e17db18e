package io.quiesce.workflow.report;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * {@code report} as release 0.2.0 shipped it ({@code git show e50742f:workflow/src/main/java/io/quiesce/workflow/report/
 * ReportWorkflowImpl.java}), kept as it was so that the side-by-side tests run that release's workflow code next to this
 * one's; only its activity stubs use that release's interface.
 */
public class Release020ReportWorkflowImpl implements ReportWorkflow {

    /** Added after release 0.1.0: the summary after the steps; histories that passed the last step without it skip it. */
    static final String SUMMARY_CHANGE = "report-summary";

    static final int SUMMARY_VERSION = 1;

    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_ERROR = 2000;
    /** Added to a step's own duration for its start-to-close bound: database write, scheduling jitter. */
    static final Duration STEP_SLACK = Duration.ofSeconds(30);

    static final RetryOptions STEP_RETRY = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofSeconds(10))
            .setMaximumAttempts(5)
            .build();
    /** Status writes retry until the database answers: giving up would leave the row RUNNING forever. */
    static final ActivityOptions BOOKKEEPING = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .build())
            .build();

    @Override
    public ReportResult run(ReportInput input) {
        String instanceId = Workflow.getInfo().getWorkflowId();
        long started = Workflow.currentTimeMillis();
        Release020ReportType.Activities steps =
                Workflow.newActivityStub(Release020ReportType.Activities.class, stepOptions(input.stepMillis()));
        Release020ReportType.Activities bookkeeping =
                Workflow.newActivityStub(Release020ReportType.Activities.class, BOOKKEEPING);
        long elapsed;
        ReportSummary summary = null;
        try {
            for (int step = 1; step <= input.steps(); step++) {
                steps.runStep(instanceId, step, input.stepMillis());
            }
            elapsed = Workflow.currentTimeMillis() - started;
            if (Workflow.getVersion(SUMMARY_CHANGE, Workflow.DEFAULT_VERSION, SUMMARY_VERSION) >= SUMMARY_VERSION) {
                summary = bookkeeping.summarize(instanceId);
            }
        } catch (TemporalFailure e) {
            if (CancellationScope.current().isCancelRequested()) {
                outsideCancellation(() -> bookkeeping.markCancelled(instanceId));
                throw new CanceledFailure("cancelled on request");
            }
            outsideCancellation(() -> bookkeeping.markFailed(instanceId, describe(e)));
            throw e;
        }
        ReportResult result = new ReportResult(input.steps(), elapsed, summary);
        outsideCancellation(() -> bookkeeping.markCompleted(instanceId, result));
        return result;
    }

    /**
     * Detached: for {@code CANCELLED} the workflow's own scope is already cancelled, and a cancellation arriving meanwhile
     * must neither stop the write (the row would stay RUNNING) nor change the outcome.
     */
    private static void outsideCancellation(Runnable write) {
        Workflow.newDetachedCancellationScope(write).run();
    }

    static ActivityOptions stepOptions(long stepMillis) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMillis(stepMillis).plus(STEP_SLACK))
                .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(STEP_RETRY)
                .build();
    }

    /** The innermost cause: the "activity failed" wrappers around it say nothing an operator can act on. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text;
        if (root instanceof ApplicationFailure app) {
            String type = app.getType() == null ? "" : app.getType();
            text = type.substring(type.lastIndexOf('.') + 1) + ": " + app.getOriginalMessage();
        } else if (root instanceof TimeoutFailure timeout) {
            text = "timed out (" + timeout.getTimeoutType() + ")";
        } else if (root instanceof TemporalFailure failure) {
            text = root.getClass().getSimpleName() + ": " + failure.getOriginalMessage();
        } else {
            text = String.valueOf(root);
        }
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }
}
