package io.quiesce.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quiesce.api.problem.Problem;
import io.quiesce.database.paging.InvalidCursorException;
import io.quiesce.database.paging.PageCursor;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void aCursorNoPageHandedOutIsABadRequestNamingTheCursor() {
        InvalidCursorException e =
                catchThrowableOfType(InvalidCursorException.class, () -> PageCursor.decode("bm90LWEtY3Vyc29y"));

        Problem problem = Paging.invalidCursor(e);

        assertThat(problem.type()).isEqualTo("urn:quiesce:problem:invalid-cursor");
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).contains("nextCursor");
        assertThat(problem.errors()).containsExactly(new Problem.InvalidField("cursor", Paging.CURSOR_MESSAGE));
    }

    @Test
    void aCursorAPageHandedOutPassesTheParameterPattern() {
        String longest = new PageCursor(Instant.parse("2026-03-01T10:15:30.123456789Z"), "x".repeat(64)).encode();

        assertThat(longest).matches(Paging.CURSOR_PATTERN);
    }
}
