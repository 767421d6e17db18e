package io.quiesce.workflow.testing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import io.quiesce.workflow.telemetry.WorkflowTelemetryNames;

/**
 * A worker's telemetry read back in the test: how many activities it runs, from its own
 * {@code quiesce.workflow.activities.running} metric, as an operator's dashboard sees it.
 */
public final class ActivityMeter {

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final WorkflowTelemetry telemetry = WorkflowTelemetry.of(
            OpenTelemetrySdk.builder()
                    .setMeterProvider(SdkMeterProvider.builder()
                            .registerMetricReader(reader)
                            .build())
                    .build(),
            false);

    /** For the worker under test; no tracing interceptors, as with telemetry off. */
    public WorkflowTelemetry telemetry() {
        return telemetry;
    }

    public long running() {
        return running(reader);
    }

    /** The same from the metrics an SDK of the test's own collects. */
    public static long running(InMemoryMetricReader reader) {
        return reader.collectAllMetrics().stream()
                .filter(m -> m.getName().equals(WorkflowTelemetryNames.ACTIVITIES_RUNNING))
                .map(MetricData::getLongSumData)
                .flatMap(sum -> sum.getPoints().stream())
                .mapToLong(LongPointData::getValue)
                .sum();
    }
}
