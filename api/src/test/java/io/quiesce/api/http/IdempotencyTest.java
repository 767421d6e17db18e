package io.quiesce.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    @Test
    void oneKeyOrNoneGoesThrough() {
        assertThat(Idempotency.refusal(null)).isEmpty();
        assertThat(Idempotency.refusal(List.of("demo-1"))).isEmpty();
    }

    @Test
    void theHeaderTwiceIsABadRequest() {
        assertThat(Idempotency.refusal(List.of("demo-1", "demo-2"))).hasValueSatisfying(problem -> {
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.type()).endsWith("invalid-request");
            assertThat(problem.detail()).isEqualTo("Idempotency-Key is sent 2 times; send it once.");
        });
    }
}
