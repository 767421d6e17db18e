package io.quiesce.lifecycle.telemetry;

import static io.quiesce.lifecycle.telemetry.TelemetryNames.*;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.quiesce.lifecycle.shutdown.HttpTraffic;
import io.quiesce.lifecycle.shutdown.LifecycleState;
import io.quiesce.lifecycle.stream.StreamRegistry;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The kernel's gauges, read only when the SDK collects (every export interval and at the shutdown's export): no thread,
 * no work per request beyond the counters the drain keeps anyway.
 */
public final class LifecycleMeters {

    private LifecycleMeters() {}

    public static void register(Meter meter, HttpTraffic http, StreamRegistry streams, Supplier<LifecycleState> state) {
        meter.upDownCounterBuilder(METRIC_ACTIVE_REQUESTS)
                .setUnit(UNIT_REQUEST)
                .setDescription("HTTP requests in flight, as the drain counts them.")
                .buildWithCallback(m -> m.record(http.inFlight()));
        meter.counterBuilder(METRIC_SERVED_WHILE_DRAINING)
                .setUnit(UNIT_REQUEST)
                .setDescription("HTTP requests completed after the first shutdown signal.")
                .buildWithCallback(m -> m.record(http.servedWhileDraining()));
        meter.upDownCounterBuilder(METRIC_STREAMS_OPEN)
                .setUnit(UNIT_STREAM)
                .setDescription("Long-lived responses (Server-Sent Events) open; the drain does not wait for them.")
                .buildWithCallback(m -> m.record(streams.open()));
        meter.counterBuilder(METRIC_STREAMS_ENDED)
                .setUnit(UNIT_STREAM)
                .setDescription("Long-lived responses told to end by the shutdown, so that their clients reconnect.")
                .buildWithCallback(m -> m.record(streams.ended()));
        meter.counterBuilder(METRIC_STREAMS_REFUSED)
                .setUnit(UNIT_STREAM)
                .setDescription("Long-lived responses refused because the server held quiesce.streams.max-open.")
                .buildWithCallback(m -> m.record(streams.refused()));
        Attributes[] byState = new Attributes[LifecycleState.values().length];
        for (LifecycleState s : LifecycleState.values()) {
            byState[s.ordinal()] = Attributes.of(STATE, s.name().toLowerCase(Locale.ROOT));
        }
        meter.gaugeBuilder(METRIC_LIFECYCLE_STATE)
                .ofLongs()
                .setUnit(UNIT_STATE)
                .setDescription("1 for the application's current lifecycle state, 0 for the others.")
                .buildWithCallback(m -> {
                    LifecycleState now = state.get();
                    for (LifecycleState s : LifecycleState.values()) {
                        m.record(s == now ? 1 : 0, byState[s.ordinal()]);
                    }
                });
    }
}
