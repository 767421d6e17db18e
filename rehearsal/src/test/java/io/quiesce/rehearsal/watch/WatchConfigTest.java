package io.quiesce.rehearsal.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatchConfigTest {

    private static WatchConfig read(Map<String, String> values) {
        return WatchConfig.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void aFifthOfTheInstancesByDefault() {
        assertThat(read(Map.of())).isEqualTo(new WatchConfig(20, Duration.ofSeconds(60)));
        assertThat(read(Map.of(WatchConfig.SHARE, "0%")).sharePercent()).isZero();
        assertThat(read(Map.of(WatchConfig.SHARE, "100")).sharePercent()).isEqualTo(100);
    }

    @Test
    void aShareOutsideZeroToAHundredPercentIsRefusedByName() {
        assertThatThrownBy(() -> read(Map.of(WatchConfig.SHARE, "120%")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.rehearsal.watch-share='120%'")
                .hasMessageContaining("0% to 100%");
    }
}
