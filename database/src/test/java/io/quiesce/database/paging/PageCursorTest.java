package io.quiesce.database.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PageCursorTest {

    @Test
    void roundTripsWithMicrosecondsAndIsUrlSafe() {
        PageCursor cursor =
                new PageCursor(Instant.parse("2026-03-01T10:15:30.123456Z"), "5f0c7a9e-1b2c-3d4e-8f00-112233445566");

        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(PageCursor.decode(encoded)).isEqualTo(cursor);
    }

    @Test
    void keepsTheWireFormatOfTheCursorsAlreadyHandedOut() {
        String handedOut = encode("2026-03-01T10:15:30.123456789Z|9b1d7c2e-0000-4000-8000-000000000001");

        PageCursor cursor = PageCursor.decode(handedOut);

        assertThat(cursor)
                .isEqualTo(new PageCursor(
                        Instant.parse("2026-03-01T10:15:30.123456789Z"), "9b1d7c2e-0000-4000-8000-000000000001"));
        assertThat(cursor.encode()).isEqualTo(handedOut);
    }

    @Test
    void cutsThePageAndPointsAfterItsLastRowOnlyWhenARowIsLeftOver() {
        List<Integer> overLimit = List.of(1, 2, 3, 4);
        List<Integer> atLimit = List.of(1, 2, 3);

        assertThat(PageCursor.page(overLimit, 3)).containsExactly(1, 2, 3);
        assertThat(PageCursor.next(overLimit, 3, n -> new PageCursor(Instant.EPOCH, "row-" + n)))
                .isEqualTo(new PageCursor(Instant.EPOCH, "row-3").encode());
        assertThat(PageCursor.page(atLimit, 3)).containsExactly(1, 2, 3);
        assertThat(PageCursor.next(atLimit, 3, n -> new PageCursor(Instant.EPOCH, "row-" + n)))
                .isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not a cursor", "%%%", "bm8tc2VwYXJhdG9y", "fGlk", "MjAyNi0wMy0wMXw"})
    void rejectsWhatItDidNotEncode(String cursor) {
        assertThatThrownBy(() -> PageCursor.decode(cursor))
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("nextCursor");
    }

    @Test
    void rejectsABadTimestampOrAnOverlongId() {
        assertThatThrownBy(() -> PageCursor.decode(encode("yesterday|abc"))).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> PageCursor.decode(encode("2026-03-01T10:15:30Z|" + "x".repeat(65))))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> PageCursor.decode("A".repeat(201))).isInstanceOf(InvalidCursorException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+1000000-01-01T00:00:00Z|abc",
                "-0001-12-31T23:59:59Z|abc",
                "+10000-01-01T00:00:00Z|abc",
                "2026-03-01T10:15:30Z|ab\u0000c",
                "2026-03-01T10:15:30Z|ab\nc",
                "2026-03-01T10:15:30Z|a b",
                "2026-03-01T10:15:30Z|\u00e9t\u00e9"
            })
    void rejectsWhatTheDatabaseCouldNotBeAskedFor(String raw) {
        assertThatThrownBy(() -> PageCursor.decode(encode(raw))).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void acceptsTheEdgesOfTheRange() {
        assertThat(PageCursor.decode(encode("0001-01-01T00:00:00Z|a")).createdAt())
                .isEqualTo("0001-01-01T00:00:00Z");
        assertThat(PageCursor.decode(encode("9999-12-31T23:59:59Z|a")).id()).isEqualTo("a");
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
