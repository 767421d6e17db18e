package io.quiesce.workflow.worker;

import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.ACTIVITIES_ABANDONED;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.ACTIVITIES_DRAINED;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.ACTIVITIES_RUNNING;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.ACTIVITY_OUTCOME;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.UNIT_ACTIVITY;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;

/** The worker's activity counts as metrics: running is observed from the tracker, the drain's counts are recorded once. */
final class WorkerMetrics implements AutoCloseable {

    private static final Attributes COMPLETED = Attributes.of(AttributeKey.stringKey(ACTIVITY_OUTCOME), "completed");
    private static final Attributes FAILED = Attributes.of(AttributeKey.stringKey(ACTIVITY_OUTCOME), "failed");

    private final ObservableLongUpDownCounter running;
    private final LongCounter drained;
    private final LongCounter abandoned;

    WorkerMetrics(Meter meter, ActivityTracker tracker) {
        running = meter.upDownCounterBuilder(ACTIVITIES_RUNNING)
                .setUnit(UNIT_ACTIVITY)
                .setDescription("Activities executing on this server")
                .buildWithCallback(m -> m.record(tracker.inFlight()));
        drained = meter.counterBuilder(ACTIVITIES_DRAINED)
                .setUnit(UNIT_ACTIVITY)
                .setDescription("Activities in flight at the worker's stop that ended within its budget")
                .build();
        abandoned = meter.counterBuilder(ACTIVITIES_ABANDONED)
                .setUnit(UNIT_ACTIVITY)
                .setDescription(
                        "Activities still running when the worker's budget ran out; Temporal retries them elsewhere")
                .build();
    }

    void drain(long completed, long failed, long stillRunning) {
        drained.add(completed, COMPLETED);
        drained.add(failed, FAILED);
        abandoned.add(stillRunning);
    }

    @Override
    public void close() {
        running.close();
    }
}
