package io.quiesce.workflow.instance;

import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.INSTANCES;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.INSTANCE_STATUS;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.UNIT_INSTANCE;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.quiesce.lifecycle.log.EventLog;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Instances by status, counted when the SDK's metric reader collects (every export interval, on its own thread: no
 * thread of ours). The count is cut off by a query timeout, and skipped once the shutdown has begun, so that the final
 * flush never waits on the database. Every server reports the same cluster-wide numbers: aggregate with max, not sum.
 */
public final class InstanceGauge implements AutoCloseable {

    static final int QUERY_TIMEOUT_SECONDS = 1;
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey(INSTANCE_STATUS);

    private final InstanceStore store;
    private final BooleanSupplier stopping;
    private final EventLog log;
    private final ObservableLongGauge gauge;
    private volatile boolean failing;

    public InstanceGauge(Meter meter, InstanceStore store, BooleanSupplier stopping, EventLog log) {
        this.store = store;
        this.stopping = stopping;
        this.log = log;
        this.gauge = meter.gaugeBuilder(INSTANCES)
                .ofLongs()
                .setUnit(UNIT_INSTANCE)
                .setDescription("Workflow instances by status, in the whole cluster")
                .buildWithCallback(this::observe);
    }

    void observe(ObservableLongMeasurement measurement) {
        if (stopping.getAsBoolean()) {
            return;
        }
        Map<InstanceStatus, Long> counts;
        try {
            counts = store.countByStatus(QUERY_TIMEOUT_SECONDS);
        } catch (InstanceStorageException e) {
            // Once per outage, not once per export interval.
            if (!failing) {
                failing = true;
                log.warn("workflow.instance_count_failed", EventLog.fields("error", EventLog.describe(e)));
            }
            return;
        }
        failing = false;
        counts.forEach((status, count) -> measurement.record(count, Attributes.of(STATUS, status.name())));
    }

    @Override
    public void close() {
        gauge.close();
    }
}
