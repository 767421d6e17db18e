package io.quiesce.workflow.report;

import io.temporal.activity.ActivityInterface;

/**
 * The side effects of a report: the steps themselves and the instance's final status. Every method is idempotent, because
 * Temporal retries an activity whose worker died or whose drain ran out after the side effect may already have happened.
 */
@ActivityInterface(namePrefix = "report.")
public interface ReportActivities {

    /** Works for {@code stepMillis}, heartbeating progress, then records the step once in {@code step_execution}. */
    void runStep(String instanceId, int step, long stepMillis);

    void markCompleted(String instanceId, ReportResult result);

    void markFailed(String instanceId, String error);

    void markCancelled(String instanceId);
}
