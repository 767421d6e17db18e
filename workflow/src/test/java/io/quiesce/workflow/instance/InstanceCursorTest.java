package io.quiesce.workflow.instance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceCursorTest {

    @Test
    void roundTripsWithMicrosecondsAndIsUrlSafe() {
        InstanceCursor cursor = new InstanceCursor(Instant.parse("2026-03-01T10:15:30.123456Z"),
                "5f0c7a9e-1b2c-3d4e-8f00-112233445566");

        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(InstanceCursor.decode(encoded)).isEqualTo(cursor);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not a cursor", "%%%", "bm8tc2VwYXJhdG9y", "fGlk", "MjAyNi0wMy0wMXw"})
    void rejectsWhatItDidNotEncode(String cursor) {
        assertThatThrownBy(() -> InstanceCursor.decode(cursor))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("nextCursor");
    }

    @Test
    void rejectsABadTimestampOrAnOverlongId() {
        assertThatThrownBy(() -> InstanceCursor.decode(encode("yesterday|abc"))).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> InstanceCursor.decode(encode("2026-03-01T10:15:30Z|" + "x".repeat(65))))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> InstanceCursor.decode("A".repeat(201))).isInstanceOf(InvalidCursorException.class);
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
