package io.quiesce.lifecycle.http.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LimitConfigTest {

    private final Map<String, String> values = new HashMap<>(Map.of(
            LimitConfig.ENABLED, "true",
            LimitConfig.INITIAL, "20",
            LimitConfig.MIN, "8",
            LimitConfig.MAX, "48",
            LimitConfig.TOLERANCE, "2",
            LimitConfig.RETRY_AFTER, "1s",
            LimitConfig.QUEUE_DELAY, "10ms"));

    private LimitConfig read() {
        return LimitConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void readsTheDefaults() {
        LimitConfig c = read();
        assertThat(c.enabled()).isTrue();
        assertThat(c.initial()).isEqualTo(20);
        assertThat(c.min()).isEqualTo(8);
        assertThat(c.max()).isEqualTo(48);
        assertThat(c.tolerance()).isEqualTo(2.0);
        assertThat(c.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.queueDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(c.shedsByQueueDelay()).isTrue();
        values.put(LimitConfig.QUEUE_DELAY, "0");
        assertThat(read().shedsByQueueDelay()).isFalse();
        values.put(LimitConfig.QUEUE_DELAY, "2s");
        assertThatThrownBy(this::read).hasMessageContaining(LimitConfig.QUEUE_DELAY);
    }

    @Test
    void namesThePropertyAndTheAllowedValues() {
        values.put(LimitConfig.MAX, "2");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(LimitConfig.MAX)
                .hasMessageContaining("'2'");
        values.put(LimitConfig.MAX, "48");
        values.put(LimitConfig.TOLERANCE, "0.5");
        assertThatThrownBy(this::read)
                .hasMessageContaining(LimitConfig.TOLERANCE)
                .hasMessageContaining("from 1 to 10");
        values.put(LimitConfig.TOLERANCE, "2");
        values.put(LimitConfig.ENABLED, "yes");
        assertThatThrownBy(this::read).hasMessageContaining("true or false");
        values.put(LimitConfig.ENABLED, "true");
        values.put(LimitConfig.INITIAL, "100");
        assertThatThrownBy(this::read).hasMessageContaining(LimitConfig.INITIAL);
    }
}
