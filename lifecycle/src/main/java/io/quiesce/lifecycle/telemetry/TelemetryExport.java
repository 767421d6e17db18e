package io.quiesce.lifecycle.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Force-flushes the application's SDK: pending spans, a final collection and export of every metric, pending log
 * records. Liberty shuts the SDK down only at applicationStopped, after the shutdown; with the SDK off (no endpoint
 * configured) the instance is OpenTelemetry's no-op and there is nothing to flush.
 */
public final class TelemetryExport {

    private final Supplier<List<CompletableResultCode>> flushes;
    private final boolean enabled;

    private TelemetryExport(Supplier<List<CompletableResultCode>> flushes, boolean enabled) {
        this.flushes = flushes;
        this.enabled = enabled;
    }

    public static TelemetryExport of(OpenTelemetry openTelemetry) {
        if (!(openTelemetry instanceof OpenTelemetrySdk sdk)) {
            return new TelemetryExport(List::of, false);
        }
        return new TelemetryExport(() -> {
            List<CompletableResultCode> results = new ArrayList<>();
            results.add(sdk.getSdkTracerProvider().forceFlush());
            results.add(sdk.getSdkMeterProvider().forceFlush());
            results.add(sdk.getSdkLoggerProvider().forceFlush());
            return results;
        }, true);
    }

    public boolean enabled() {
        return enabled;
    }

    /** @throws IllegalStateException when an exporter failed (collector unreachable) or did not finish in time */
    public Map<String, Long> flush(Duration timeLeft) {
        if (!enabled) {
            return Map.of("sdk_enabled", 0L);
        }
        // A little short of the grant, so that a slow collector reads as this message rather than as an abandoned phase.
        long wait = timeLeft.toNanos() / 10 * 9;
        CompletableResultCode all = CompletableResultCode.ofAll(flushes.get()).join(wait, TimeUnit.NANOSECONDS);
        if (!all.isSuccess()) {
            throw new IllegalStateException("an exporter failed or had not finished after " + wait / 1_000_000
                    + " ms (is the collector at otel.exporter.otlp.endpoint reachable?)");
        }
        return Map.of("sdk_enabled", 1L);
    }
}
