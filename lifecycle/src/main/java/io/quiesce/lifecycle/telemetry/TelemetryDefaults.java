package io.quiesce.lifecycle.telemetry;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Quiesce's defaults for the application-level OpenTelemetry SDK of mpTelemetry-2.0: the service name, and the SDK on
 * exactly when an OTLP endpoint is configured, so that a pod without a collector exports nothing, logs no export
 * errors and pays for no SDK, while setting {@code OTEL_EXPORTER_OTLP_ENDPOINT} alone turns everything on.
 * <p>The lowest ordinal of the application's sources: {@code otel.sdk.disabled} or {@code otel.service.name} set
 * anywhere else wins. The endpoint is read from the environment and the system properties only, because a config
 * source cannot ask the config it is part of; {@code OTEL_SDK_DISABLED} is deliberately not what this sets, since
 * Liberty reads that one from the environment to switch to its runtime-level SDK instead.
 */
public final class TelemetryDefaults implements ConfigSource {

    public static final String SDK_DISABLED = "otel.sdk.disabled";
    public static final String SERVICE_NAME = "otel.service.name";
    public static final String SERVICE = "quiesce";
    static final Set<String> ENDPOINTS = Set.of(
            "otel.exporter.otlp.endpoint", "otel.exporter.otlp.traces.endpoint", "otel.exporter.otlp.metrics.endpoint");

    private final Map<String, String> properties;

    public TelemetryDefaults() {
        this(name -> Optional.ofNullable(System.getProperty(name))
                .or(() -> Optional.ofNullable(
                        System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_')))));
    }

    TelemetryDefaults(Function<String, Optional<String>> environment) {
        boolean endpoint = ENDPOINTS.stream()
                .map(environment)
                .anyMatch(v -> v.filter(s -> !s.isBlank()).isPresent());
        properties = Map.of(SDK_DISABLED, Boolean.toString(!endpoint), SERVICE_NAME, SERVICE);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "quiesce-telemetry-defaults";
    }

    @Override
    public int getOrdinal() {
        return 1;
    }
}
