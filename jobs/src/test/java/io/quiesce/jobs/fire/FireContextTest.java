package io.quiesce.jobs.fire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;

class FireContextTest {

    private static final Instant SCHEDULED = Instant.parse("2026-11-22T12:00:00Z");

    private static JobExecutionContext context(JobDataMap data, boolean recovering, Instant scheduled) {
        JobExecutionContext context = mock(JobExecutionContext.class);
        when(context.getMergedJobDataMap()).thenReturn(data);
        when(context.isRecovering()).thenReturn(recovering);
        when(context.getScheduledFireTime()).thenReturn(Date.from(scheduled));
        return context;
    }

    @Test
    void anOrdinaryFireUsesItsScheduledTime() {
        assertThat(FireContext.scheduledFireTime(context(new JobDataMap(), false, SCHEDULED)))
                .isEqualTo(SCHEDULED);
    }

    @Test
    void aRecoveredFireKeepsTheTimeOfTheFireThatWasInterrupted() {
        JobDataMap data = new JobDataMap();
        data.put(
                Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS,
                String.valueOf(SCHEDULED.toEpochMilli()));
        Instant recoveredAt = SCHEDULED.plusSeconds(9);
        assertThat(FireContext.scheduledFireTime(context(data, true, recoveredAt)))
                .isEqualTo(SCHEDULED);
    }

    @Test
    void aRetryCarriesTheFireTimeItRetries() {
        JobDataMap data = new JobDataMap();
        data.put(FireContext.FIRE_TIME, String.valueOf(SCHEDULED.toEpochMilli()));
        assertThat(FireContext.scheduledFireTime(context(data, false, SCHEDULED.plusSeconds(4))))
                .isEqualTo(SCHEDULED);
    }
}
