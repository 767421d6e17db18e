package io.quiesce.lifecycle.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "0,0",
        "500ms,500",
        "5s,5000",
        " 5 s ,5000",
        "2m,120000",
        "1h,3600000",
        "30d,2592000000",
        "PT5S,5000",
        "PT0.25S,250"
    })
    void parsesTheDocumentedSyntax(String raw, long millis) {
        assertThat(Durations.parse("p", raw)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "5", "5 seconds", "-5s", "PT-5S", "", "1.5s", "99999999999999999999s"})
    void rejectsAnythingElseNamingThePropertyAndTheSyntax(String raw) {
        assertThatThrownBy(() -> Durations.parse("quiesce.shutdown.delay", raw))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.shutdown.delay='" + raw + "'")
                .hasMessageContaining("allowed values are");
    }

    @Test
    void checksTheRange() {
        assertThatThrownBy(() -> Durations.parse("p", "2h", Duration.ZERO, Duration.ofHours(1)))
                .hasMessage("Invalid configuration p='2h': allowed values are from 0 to 3600s.");
    }

    @Test
    void formatsCompactly() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(28))).isEqualTo("28s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("120s");
    }
}
