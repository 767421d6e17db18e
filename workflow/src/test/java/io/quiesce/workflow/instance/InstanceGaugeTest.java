package io.quiesce.workflow.instance;

import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.INSTANCES;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.INSTANCE_STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InstanceGaugeTest {

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SdkMeterProvider meters =
            SdkMeterProvider.builder().registerMetricReader(reader).build();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountingStore store = new CountingStore();
    private final InstanceGauge gauge = new InstanceGauge(
            meters.get("test"), store, stopping::get, EventLog.named("test.instance-gauge", LogFormat.TEXT));

    /** The database's answer, or its failure; the query itself is covered by the integration tests. */
    private static final class CountingStore extends InstanceStore {
        final AtomicInteger queries = new AtomicInteger();
        volatile int timeout;
        volatile boolean down;

        CountingStore() {
            super(null);
        }

        @Override
        public Map<InstanceStatus, Long> countByStatus(int timeoutSeconds) {
            queries.incrementAndGet();
            timeout = timeoutSeconds;
            if (down) {
                throw new InstanceStorageException("Database error: connection refused", null);
            }
            Map<InstanceStatus, Long> counts = new EnumMap<>(InstanceStatus.class);
            counts.put(InstanceStatus.RUNNING, 3L);
            counts.put(InstanceStatus.COMPLETED, 40L);
            counts.put(InstanceStatus.FAILED, 0L);
            counts.put(InstanceStatus.CANCELLED, 1L);
            return counts;
        }
    }

    @AfterEach
    void tearDown() {
        gauge.close();
        meters.close();
    }

    @Test
    void eachCollectionCountsEveryStatusWithAShortQueryTimeout() {
        assertThat(collect())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("RUNNING", 3L, "COMPLETED", 40L, "FAILED", 0L, "CANCELLED", 1L));
        assertThat(store.timeout).isEqualTo(InstanceGauge.QUERY_TIMEOUT_SECONDS);
        assertThat(metric().map(MetricData::getUnit)).contains("{instance}");
    }

    @Test
    void nothingIsQueriedOnceTheShutdownHasBegun() {
        stopping.set(true);

        assertThat(collect()).isEmpty();
        assertThat(store.queries).hasValue(0);
    }

    @Test
    void aDatabaseOutageRecordsNoPointAndTheGaugeComesBack() {
        store.down = true;
        assertThat(collect()).isEmpty();

        store.down = false;
        assertThat(collect()).containsEntry("RUNNING", 3L);
    }

    private Map<String, Long> collect() {
        return metric().map(m -> m.getLongGaugeData().getPoints().stream()
                        .collect(Collectors.toMap(
                                p -> p.getAttributes().get(AttributeKey.stringKey(INSTANCE_STATUS)),
                                LongPointData::getValue)))
                .orElse(Map.of());
    }

    private Optional<MetricData> metric() {
        return reader.collectAllMetrics().stream()
                .filter(m -> m.getName().equals(INSTANCES))
                .findFirst();
    }
}
