package io.quiesce.lifecycle.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TelemetryDefaultsTest {

    private static TelemetryDefaults with(Map<String, String> environment) {
        return new TelemetryDefaults(name -> Optional.ofNullable(environment.get(name)));
    }

    @Test
    void sdkStaysOffWithoutAnEndpoint() {
        TelemetryDefaults defaults = with(Map.of());
        assertThat(defaults.getValue("otel.sdk.disabled")).isEqualTo("true");
        assertThat(defaults.getValue("otel.service.name")).isEqualTo("quiesce");
    }

    @Test
    void anyOtlpEndpointTurnsTheSdkOn() {
        for (String endpoint : TelemetryDefaults.ENDPOINTS) {
            assertThat(with(Map.of(endpoint, "http://collector:4318")).getValue("otel.sdk.disabled"))
                    .as(endpoint)
                    .isEqualTo("false");
        }
    }

    @Test
    void aBlankEndpointIsNoEndpoint() {
        assertThat(with(Map.of("otel.exporter.otlp.endpoint", " ")).getValue("otel.sdk.disabled"))
                .isEqualTo("true");
    }

    @Test
    void everyOtherSourceOutranksTheseDefaults() {
        // microprofile-config.properties has 100, environment 300, system properties 400.
        assertThat(with(Map.of()).getOrdinal()).isLessThan(100);
        assertThat(with(Map.of()).getPropertyNames())
                .containsExactlyInAnyOrder("otel.sdk.disabled", "otel.service.name");
    }
}
