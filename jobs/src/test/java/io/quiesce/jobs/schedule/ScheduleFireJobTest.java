package io.quiesce.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleFireJobTest {

    @Test
    void retriesBackOffUpToAMinute() {
        assertThat(ScheduleFireJob.retryPause(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ScheduleFireJob.retryPause(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ScheduleFireJob.retryPause(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(ScheduleFireJob.retryPause(7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(ScheduleFireJob.retryPause(29)).isEqualTo(Duration.ofMinutes(1));
    }
}
