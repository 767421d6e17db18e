package io.quiesce.kubernetes.app;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "500ms, 500", "5s, 5000", "2m, 120000", "1h, 3600000", "PT5S, 5000", "pt1.5s, 1500"})
    void parsesTheKernelsSyntax(String text, long millis) {
        assertThat(Durations.parse("key", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5 s", "-1s", "five", "", "P"})
    void rejectsAnythingElseNamingTheKey(String text) {
        assertThatThrownBy(() -> Durations.parse("quiesce.shutdown.delay", text)).hasMessageContaining("quiesce.shutdown.delay");
    }
}
