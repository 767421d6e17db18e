package io.quiesce.lifecycle.telemetry;

import static io.quiesce.lifecycle.telemetry.TelemetryNames.*;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.quiesce.lifecycle.http.guard.Refusals;
import io.quiesce.lifecycle.http.limit.GradientLimit;
import io.quiesce.lifecycle.http.limit.QueueDelay;

/** The concurrency limit and the kernel's refusals, read only when the SDK collects. */
public final class HttpGuardMeters {

    private HttpGuardMeters() {}

    public static void register(Meter meter, GradientLimit limit, QueueDelay queue, Refusals refusals) {
        meter.gaugeBuilder(METRIC_HTTP_LIMIT)
                .ofLongs()
                .setUnit(UNIT_REQUEST)
                .setDescription("The adaptive concurrency limit: requests admitted to the application at once.")
                .buildWithCallback(m -> m.record(limit.limit()));
        meter.gaugeBuilder(METRIC_HTTP_QUEUE_DELAY)
                .setUnit(UNIT_SECONDS)
                .setDescription("How long work waits in Liberty's executor before a thread takes it; requests are shed"
                        + " while it stays above quiesce.http.limit.queue-delay.")
                .buildWithCallback(m -> {
                    if (queue.measuring()) {
                        m.record(queue.delayNanos() / 1e9);
                    }
                });
        Refusals.Reason[] reasons = Refusals.Reason.values();
        Attributes[] byReason = new Attributes[reasons.length];
        for (Refusals.Reason r : reasons) {
            byReason[r.ordinal()] = Attributes.of(REASON, r.label());
        }
        meter.counterBuilder(METRIC_HTTP_REFUSED)
                .setUnit(UNIT_REQUEST)
                .setDescription("Requests answered by the kernel before the application: bad framing (400), an invalid"
                        + " bearer token (401), a body too slow (408) or too large (413), over the concurrency limit, the"
                        + " queue delay or the body buffer, or keys that cannot be loaded (503).")
                .buildWithCallback(m -> {
                    for (Refusals.Reason r : reasons) {
                        m.record(refusals.count(r), byReason[r.ordinal()]);
                    }
                });
    }
}
