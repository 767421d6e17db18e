package io.quiesce.workflow.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiesce.workflow.instance.InstanceStatus;
import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.instance.StepRecord;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A step works in slices of at most {@link #HEARTBEAT_EVERY_MS}, heartbeating after each, so that a cancellation or a
 * lost worker is noticed within seconds and a retry resumes from the last heartbeat; its row, keyed by (instance, step),
 * is written last. Exceptions from {@code heartbeat} are never swallowed: swallowing one let a step complete on a
 * worker that Temporal had already given up on, and it ran twice.
 */
public class ReportActivitiesImpl implements ReportActivities {

    static final long HEARTBEAT_EVERY_MS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InstanceStore store;
    private final String workerIdentity;
    private final String codeVersion;

    public ReportActivitiesImpl(InstanceStore store, String workerIdentity, String codeVersion) {
        this.store = store;
        this.workerIdentity = workerIdentity;
        this.codeVersion = codeVersion;
    }

    @Override
    public void markStarted(String instanceId, long startedAtEpochMillis) {
        store.markStarted(instanceId, Instant.ofEpochMilli(startedAtEpochMillis));
    }

    @Override
    public void runStep(String instanceId, int step, long stepMillis) {
        if (store.isStepRecorded(instanceId, step)) {
            return;
        }
        ActivityExecutionContext context = Activity.getExecutionContext();
        store.recordStepStarted(instanceId, step, context.getInfo().getAttempt(), workerIdentity);
        StepProgress progress = context.getHeartbeatDetails(StepProgress.class)
                .orElseGet(() -> new StepProgress(0, System.currentTimeMillis()));
        context.heartbeat(progress);
        long resumedAt = System.nanoTime();
        long done = progress.doneMillis();
        while (done < stepMillis) {
            sleep(Math.min(HEARTBEAT_EVERY_MS, stepMillis - done));
            done = Math.min(
                    stepMillis, progress.doneMillis() + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedAt));
            context.heartbeat(new StepProgress(done, progress.startedAtEpochMillis()));
        }
        store.recordStep(
                instanceId,
                new StepRecord(
                        step,
                        "step-" + step,
                        context.getInfo().getAttempt(),
                        workerIdentity,
                        codeVersion,
                        Instant.ofEpochMilli(progress.startedAtEpochMillis()),
                        Instant.now()));
    }

    @Override
    public ReportSummary summarize(String instanceId) {
        return ReportSummary.of(store.steps(instanceId));
    }

    @Override
    public void markCompleted(String instanceId, ReportResult result) {
        try {
            store.finish(instanceId, InstanceStatus.COMPLETED, JSON.writeValueAsString(result), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a report result as JSON", e);
        }
    }

    @Override
    public void markFailed(String instanceId, String error) {
        store.finish(instanceId, InstanceStatus.FAILED, null, error);
    }

    @Override
    public void markCancelled(String instanceId) {
        store.finish(instanceId, InstanceStatus.CANCELLED, null, null);
    }

    /** Interruption (a forced worker stop) fails the attempt, so that Temporal retries it elsewhere. */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Activity.wrap(e);
        }
    }
}
