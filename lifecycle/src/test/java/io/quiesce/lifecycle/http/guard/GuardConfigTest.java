package io.quiesce.lifecycle.http.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuardConfigTest {

    private final Map<String, String> values = new HashMap<>(Map.of(
            GuardConfig.BODY_TIMEOUT, "10s",
            GuardConfig.MAX_BODY_BYTES, "1048576",
            GuardConfig.BUFFER_BYTES, "33554432"));

    private GuardConfig read() {
        return GuardConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void readsTheDefaultsAndZeroLeavesBodiesToLiberty() {
        assertThat(read().bodyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(read().readsBodies()).isTrue();
        values.put(GuardConfig.BODY_TIMEOUT, "0");
        assertThat(read().readsBodies()).isFalse();
    }

    @Test
    void theBufferMustHoldAtLeastOneBody() {
        values.put(GuardConfig.BUFFER_BYTES, "1000");
        assertThatThrownBy(this::read).hasMessageContaining(GuardConfig.BUFFER_BYTES);
    }
}
