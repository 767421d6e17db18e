package io.quiesce.lifecycle.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TelemetryConfigTest {

    private static TelemetryConfig read(String budget) {
        return TelemetryConfig.read(
                name -> name.equals(TelemetryConfig.SHUTDOWN_BUDGET) ? Optional.ofNullable(budget) : Optional.empty());
    }

    @Test
    void readsTheExportBudget() {
        assertThat(read("2s").shutdownBudget()).isEqualTo(Duration.ofSeconds(2));
        assertThat(read("500ms").shutdownBudget()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rejectsABudgetOutsideItsRangeNamingTheProperty() {
        assertThatThrownBy(() -> read("0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.telemetry.shutdown-budget='0'")
                .hasMessageContaining("from 100ms to 30s");
        assertThatThrownBy(() -> read("1m")).hasMessageContaining("from 100ms to 30s");
        assertThatThrownBy(() -> read(null))
                .hasMessageContaining("Missing configuration quiesce.telemetry.shutdown-budget");
    }
}
