package io.quiesce.lifecycle.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.quiesce.lifecycle.http.FilteredRequests;
import io.quiesce.lifecycle.http.InFlightTracker;
import io.quiesce.lifecycle.shutdown.LifecycleState;
import io.quiesce.lifecycle.stream.StreamConfig;
import io.quiesce.lifecycle.stream.StreamRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LifecycleMetersTest {

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final InFlightTracker http = new InFlightTracker();
    private final StreamRegistry streams =
            new StreamRegistry(new StreamConfig(1, Duration.ofSeconds(1), Duration.ofSeconds(15)));
    private final AtomicReference<LifecycleState> state = new AtomicReference<>(LifecycleState.READY);

    private static MetricData metric(Collection<MetricData> metrics, String name) {
        return metrics.stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static long value(Collection<MetricData> metrics, String name) {
        MetricData metric = metric(metrics, name);
        Collection<LongPointData> points = metric.getType().name().contains("SUM")
                ? metric.getLongSumData().getPoints()
                : metric.getLongGaugeData().getPoints();
        return points.iterator().next().getValue();
    }

    @Test
    void readsInFlightRequestsServedWhileDrainingAndTheStateWhenCollected() {
        SdkMeterProvider provider =
                SdkMeterProvider.builder().registerMetricReader(reader).build();
        LifecycleMeters.register(provider.get(TelemetryNames.SCOPE), http, streams, state::get);

        http.enter();
        http.enter();
        Collection<MetricData> ready = reader.collectAllMetrics();
        assertThat(value(ready, TelemetryNames.METRIC_ACTIVE_REQUESTS)).isEqualTo(2);
        assertThat(metric(ready, TelemetryNames.METRIC_ACTIVE_REQUESTS).getUnit())
                .isEqualTo("{request}");
        assertThat(value(ready, TelemetryNames.METRIC_SERVED_WHILE_DRAINING)).isZero();

        http.beginDraining();
        http.exit();
        state.set(LifecycleState.DRAINING);
        Collection<MetricData> draining = reader.collectAllMetrics();
        assertThat(value(draining, TelemetryNames.METRIC_ACTIVE_REQUESTS)).isEqualTo(1);
        assertThat(value(draining, TelemetryNames.METRIC_SERVED_WHILE_DRAINING)).isEqualTo(1);
        Map<String, Long> states =
                metric(draining, TelemetryNames.METRIC_LIFECYCLE_STATE).getLongGaugeData().getPoints().stream()
                        .collect(Collectors.toMap(
                                p -> p.getAttributes().get(TelemetryNames.STATE), LongPointData::getValue));
        assertThat(states)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("starting", 0L, "ready", 0L, "draining", 1L, "stopping", 0L, "stopped", 0L));
    }

    @Test
    void countsOpenEndedAndRefusedStreams() {
        SdkMeterProvider provider =
                SdkMeterProvider.builder().registerMetricReader(reader).build();
        LifecycleMeters.register(provider.get(TelemetryNames.SCOPE), http, streams, state::get);
        FilteredRequests requests = new FilteredRequests(http);
        requests.start(request -> streams.join(request, hint -> {}));
        requests.start(request -> streams.join(request, hint -> {}));

        Collection<MetricData> open = reader.collectAllMetrics();
        assertThat(value(open, TelemetryNames.METRIC_STREAMS_OPEN)).isEqualTo(1);
        assertThat(value(open, TelemetryNames.METRIC_STREAMS_REFUSED)).isEqualTo(1);
        assertThat(metric(open, TelemetryNames.METRIC_STREAMS_OPEN).getUnit()).isEqualTo("{stream}");

        streams.endAll();
        assertThat(value(reader.collectAllMetrics(), TelemetryNames.METRIC_STREAMS_ENDED))
                .isEqualTo(1);
    }
}
