package io.quiesce.lifecycle.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dashboards and alerts are built on these names: they follow the project's naming rules and do not drift. */
class TelemetryNamesTest {

    private static List<Object> constants(String prefix) throws IllegalAccessException {
        List<Object> values = new java.util.ArrayList<>();
        for (Field field : TelemetryNames.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith(prefix)) {
                values.add(field.get(null));
            }
        }
        return values;
    }

    @Test
    void metricsAreTheSemanticConventionOrQuiesceDottedLowerCase() throws IllegalAccessException {
        assertThat(constants("METRIC_"))
                .isNotEmpty()
                .allSatisfy(name ->
                        assertThat((String) name).matches("http\\.server\\.active_requests|quiesce(\\.[a-z][a-z_]*)+"));
        assertThat(constants("UNIT_"))
                .containsExactlyInAnyOrder("{request}", "{state}", "{stream}", "{task}", "s", "{connection}");
    }

    @Test
    void attributeKeysAreQuiesceSnakeCase() throws IllegalAccessException {
        List<Object> keys = Arrays.stream(TelemetryNames.class.getFields())
                .filter(f -> f.getType() == AttributeKey.class)
                .map(f -> {
                    try {
                        return f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                })
                .map(k -> (Object) ((AttributeKey<?>) k).getKey())
                .toList();
        assertThat(keys)
                .hasSizeGreaterThan(10)
                .allSatisfy(key -> assertThat((String) key).matches("quiesce\\.[a-z][a-z_]*"));
        assertThat(TelemetryNames.count("in_flight_left").getKey()).isEqualTo("quiesce.count.in_flight_left");
    }

    @Test
    void spanAndEventNamesAreShortAndStable() throws IllegalAccessException {
        assertThat(TelemetryNames.SPAN_SHUTDOWN).isEqualTo("shutdown");
        assertThat(TelemetryNames.SPAN_PHASE_PREFIX + "http-drain").isEqualTo("shutdown.http-drain");
        assertThat(constants("EVENT_"))
                .containsExactlyInAnyOrder("readiness.down", "http.drained", "participant.abandoned");
        assertThat(TelemetryNames.SCOPE).isEqualTo("io.quiesce.lifecycle");
    }
}
