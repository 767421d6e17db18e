package io.quiesce.workflow.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void doublesFromTheInitialPauseUpToItsCap() {
        assertThat(backoff.after(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(5, 0.5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.after(9, 0.5)).isEqualTo(Duration.ofSeconds(256));
        assertThat(backoff.after(10, 0.5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.after(99, 0.5)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void spreadsEachPauseByAFifthEitherWay() {
        assertThat(backoff.after(3, 0)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.after(3, 0.999999)).isEqualTo(Duration.ofMillis(4800));
    }
}
