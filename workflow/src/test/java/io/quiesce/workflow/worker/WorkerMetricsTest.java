package io.quiesce.workflow.worker;

import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.ACTIVITIES_ABANDONED;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.ACTIVITIES_DRAINED;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.ACTIVITIES_RUNNING;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.ACTIVITY_OUTCOME;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.quiesce.testkit.Poll;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SdkMeterProvider meters =
            SdkMeterProvider.builder().registerMetricReader(reader).build();
    private final ActivityTracker tracker = new ActivityTracker();
    private final WorkerMetrics metrics = new WorkerMetrics(meters.get("test"), tracker);

    @AfterEach
    void tearDown() {
        metrics.close();
        meters.close();
    }

    /** Observed at each collection, from the tracker the worker's interceptor feeds. */
    @Test
    void runningIsWhatTheTrackerSeesInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ActivityInboundCallsInterceptor blocking = tracker.interceptActivity(new ActivityInboundCallsInterceptor() {
            @Override
            public void init(ActivityExecutionContext context) {}

            @Override
            public ActivityOutput execute(ActivityInput input) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ActivityOutput(null);
            }
        });
        CompletableFuture<?> activity = CompletableFuture.runAsync(() -> blocking.execute(null));
        Poll.untilTrue("the activity in flight", Duration.ofSeconds(5), () -> tracker.inFlight() == 1);

        assertThat(sum(ACTIVITIES_RUNNING, null)).isEqualTo(1);
        release.countDown();
        activity.get(10, TimeUnit.SECONDS);
        assertThat(sum(ACTIVITIES_RUNNING, null)).isZero();
    }

    @Test
    void theDrainRecordsCompletedFailedAndAbandonedOnce() {
        metrics.drain(3, 1, 2);

        assertThat(sum(ACTIVITIES_DRAINED, "completed")).isEqualTo(3);
        assertThat(sum(ACTIVITIES_DRAINED, "failed")).isEqualTo(1);
        assertThat(sum(ACTIVITIES_ABANDONED, null)).isEqualTo(2);
    }

    private long sum(String name, String outcome) {
        MetricData metric = reader.collectAllMetrics().stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow();
        assertThat(metric.getUnit()).isEqualTo("{activity}");
        return metric.getLongSumData().getPoints().stream()
                .filter(p -> outcome == null
                        || outcome.equals(p.getAttributes().get(AttributeKey.stringKey(ACTIVITY_OUTCOME))))
                .mapToLong(LongPointData::getValue)
                .sum();
    }
}
