package io.quiesce.workflow.report;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records calls; can fail a step for good or a number of times. */
public final class FakeReportActivities implements ReportActivities {
    public static final ReportSummary SUMMARY = new ReportSummary(0, List.of("fake"), List.of("0.0.0-fake"));
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final AtomicInteger transientFailures = new AtomicInteger();
    public volatile int failStep;

    @Override
    public void markStarted(String instanceId, long startedAtEpochMillis) {
        calls.add(instanceId + " started");
    }

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
