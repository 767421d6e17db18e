package io.quiesce.workflow.report;

import io.temporal.activity.ActivityInterface;

/** Every method is idempotent: Temporal retries an activity whose worker died after its side effect may have happened. */
@ActivityInterface(namePrefix = "report.")
public interface ReportActivities {

    /** Records when a worker began the instance (workflow time), unless a retry already did. */
    void markStarted(String instanceId, long startedAtEpochMillis);

    void runStep(String instanceId, int step, long stepMillis);

    /** Reads the recorded steps, writes nothing. */
    ReportSummary summarize(String instanceId);

    void markCompleted(String instanceId, ReportResult result);

    void markFailed(String instanceId, String error);

    void markCancelled(String instanceId);
}
