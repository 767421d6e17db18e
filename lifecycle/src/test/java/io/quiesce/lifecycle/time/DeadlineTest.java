package io.quiesce.lifecycle.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final FakeTime time = new FakeTime();

    @Test
    void grantsTheSmallerOfOwnBudgetAndTimeLeft() {
        Deadline deadline = Deadline.startingNow(time, Duration.ofSeconds(28));
        assertThat(deadline.grant(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(20));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(8));
        assertThat(deadline.grant(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(8));
        assertThat(deadline.elapsed()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void neverGrantsNegativeTimeAfterExpiry() {
        Deadline deadline = Deadline.startingNow(time, Duration.ofSeconds(1));
        time.advance(Duration.ofSeconds(5));
        assertThat(deadline.remaining()).isZero();
        assertThat(deadline.grant(Duration.ofSeconds(3))).isZero();
    }
}
