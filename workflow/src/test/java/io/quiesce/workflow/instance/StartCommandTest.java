package io.quiesce.workflow.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StartCommandTest {

    @Test
    void anIdempotencyKeyDeterminesTheInstanceId() {
        StartCommand cmd = new StartCommand("report", "{}", "order-42", "f", "sched", Instant.EPOCH);

        assertThat(InstanceService.instanceId(cmd))
                .isEqualTo(UUID.nameUUIDFromBytes("idempotency:order-42".getBytes(StandardCharsets.UTF_8))
                        .toString());
    }

    @Test
    void aScheduleFireDeterminesTheInstanceIdWithoutKey() {
        Instant fire = Instant.parse("2026-01-01T00:00:00Z");
        StartCommand cmd = new StartCommand("report", "{}", null, null, "nightly", fire);

        assertThat(InstanceService.instanceId(cmd))
                .isEqualTo(
                        UUID.nameUUIDFromBytes("schedule:nightly:2026-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8))
                                .toString());
    }

    @Test
    void otherwiseEveryStartGetsANewId() {
        StartCommand cmd = StartCommand.of("report", "{}");

        assertThat(InstanceService.instanceId(cmd)).isNotEqualTo(InstanceService.instanceId(cmd));
    }

    @Test
    void limitsMatchTheColumns() {
        assertThatThrownBy(() -> new StartCommand("report", "{}", "k".repeat(201), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StartCommand("report", "{}", "", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstanceQuery(null, null, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstanceQuery(null, null, null, 201, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
