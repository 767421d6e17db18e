package io.quiesce.lifecycle.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Force-flushes the application's SDK: pending spans, a final collection and export of every metric, pending log
 * records. Liberty shuts the SDK down only at applicationStopped, after the shutdown; with the SDK off (no endpoint
 * configured) the instance is OpenTelemetry's no-op and there is nothing to flush.
 * <p>Through reflection, because mpTelemetry-2.0 on Liberty 26.0.0.3 does not export the SDK's root package
 * {@code io.opentelemetry.sdk} (nor {@code io.opentelemetry.sdk.logs}) to applications, even as third-party API:
 * naming {@code OpenTelemetrySdk} in application code failed the start with NoClassDefFoundError. The methods called
 * are the SDK's public, stable ones.
 */
public final class TelemetryExport {

    private static final List<String> PROVIDERS =
            List.of("getSdkTracerProvider", "getSdkMeterProvider", "getSdkLoggerProvider");

    private final List<Object> providers;

    private TelemetryExport(List<Object> providers) {
        this.providers = providers;
    }

    public static TelemetryExport of(OpenTelemetry openTelemetry) {
        List<Object> providers = new ArrayList<>();
        for (String getter : PROVIDERS) {
            try {
                Object provider = call(openTelemetry, getter);
                if (provider != null) {
                    providers.add(provider);
                }
            } catch (ReflectiveOperationException e) {
                return new TelemetryExport(List.of()); // not an SDK: the no-op instance
            }
        }
        return new TelemetryExport(List.copyOf(providers));
    }

    public boolean enabled() {
        return !providers.isEmpty();
    }

    /**
     * Starts a collection and export of every metric without waiting for it, so that a state change (DRAINING at the
     * signal) reaches the collector now rather than at the next export interval, up to a minute later.
     */
    public void exportMetricsSoon() {
        for (Object provider : providers) {
            if (provider.getClass().getSimpleName().contains("MeterProvider")) {
                try {
                    call(provider, "forceFlush");
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // The final flush reports an exporter that does not work; this one is only early.
                }
            }
        }
    }

    /** @throws IllegalStateException when an exporter failed (collector unreachable) or did not finish in time */
    public Map<String, Long> flush(Duration timeLeft) throws ReflectiveOperationException {
        if (!enabled()) {
            return Map.of("sdk_enabled", 0L);
        }
        List<Object> results = new ArrayList<>();
        for (Object provider : providers) {
            results.add(call(provider, "forceFlush"));
        }
        // A little short of the grant, so that a slow collector reads as this message rather than as an abandoned
        // phase.
        long deadline = System.nanoTime() + timeLeft.toNanos() / 10 * 9;
        boolean success = true;
        for (Object result : results) {
            long left = Math.max(0, deadline - System.nanoTime());
            Method join = result.getClass().getMethod("join", long.class, TimeUnit.class);
            join.invoke(result, left, TimeUnit.NANOSECONDS);
            success &= (Boolean) call(result, "isSuccess");
        }
        if (!success) {
            throw new IllegalStateException(
                    "an exporter failed or had not finished after " + timeLeft.toMillis() / 10 * 9
                            + " ms (is the collector at otel.exporter.otlp.endpoint reachable?)");
        }
        return Map.of("sdk_enabled", 1L);
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
