package io.quiesce.workflow.callback;

import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.CALLBACKS_ATTEMPTS;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.CALLBACKS_IN_FLIGHT;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.CALLBACK_OUTCOME;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.UNIT_DELIVERY;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import java.util.Map;
import java.util.function.IntSupplier;

/** Deliveries this server is sending, and every attempt by outcome: delivered, retry (failed, tried again) or failed. */
final class CallbackMetrics implements AutoCloseable {

    private final ObservableLongUpDownCounter inFlight;
    private final LongCounter attempts;
    private final Map<String, Attributes> outcomes = Map.of(
            "delivered", Attributes.of(AttributeKey.stringKey(CALLBACK_OUTCOME), "delivered"),
            "retry", Attributes.of(AttributeKey.stringKey(CALLBACK_OUTCOME), "retry"),
            "failed", Attributes.of(AttributeKey.stringKey(CALLBACK_OUTCOME), "failed"));

    CallbackMetrics(Meter meter, IntSupplier sending) {
        inFlight = meter.upDownCounterBuilder(CALLBACKS_IN_FLIGHT)
                .setUnit(UNIT_DELIVERY)
                .setDescription("Completion callbacks this server is sending now")
                .buildWithCallback(m -> m.record(sending.getAsInt()));
        attempts = meter.counterBuilder(CALLBACKS_ATTEMPTS)
                .setUnit(UNIT_DELIVERY)
                .setDescription("Callback attempts by outcome: delivered, retry (failed, another attempt follows) or"
                        + " failed (the last attempt failed)")
                .build();
    }

    void attempt(String outcome) {
        attempts.add(1, outcomes.get(outcome));
    }

    @Override
    public void close() {
        inFlight.close();
    }
}
