package io.quiesce.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.workflow.types.ValidatedInput;
import org.junit.jupiter.api.Test;

class ScheduleServiceTest {

    private static final ValidatedInput INPUT = new ValidatedInput("report", "{\"steps\":3,\"stepMillis\":1000}", null);

    @Test
    void theFingerprintKeepsTheValueStoredWithSchedulesOfEarlierVersions() {
        // printf 'report\n0 0 3 * * ?\nUTC\nfire-once\n{"steps":3,"stepMillis":1000}' | sha256sum
        assertThat(ScheduleService.fingerprint(
                        new ScheduleDefinition(
                                "report", " 0 0 3 * * ? ", "UTC", "{\"steps\":3}", MisfirePolicy.FIRE_ONCE),
                        INPUT))
                .isEqualTo("6081032615a7482e84c17841a3b7efc586ef778a07a898fc051088734560d34b");
    }

    @Test
    void theFingerprintTellsEverySettingApart() {
        String base = ScheduleService.fingerprint(
                new ScheduleDefinition("report", "0 0 3 * * ?", "UTC", "{}", MisfirePolicy.FIRE_ONCE), INPUT);

        assertThat(ScheduleService.fingerprint(
                        new ScheduleDefinition("report", "0 0 4 * * ?", "UTC", "{}", MisfirePolicy.FIRE_ONCE), INPUT))
                .isNotEqualTo(base);
        assertThat(ScheduleService.fingerprint(
                        new ScheduleDefinition("report", "0 0 3 * * ?", "Europe/Paris", "{}", MisfirePolicy.FIRE_ONCE),
                        INPUT))
                .isNotEqualTo(base);
        assertThat(ScheduleService.fingerprint(
                        new ScheduleDefinition("report", "0 0 3 * * ?", "UTC", "{}", MisfirePolicy.SKIP), INPUT))
                .isNotEqualTo(base);
        assertThat(ScheduleService.fingerprint(
                        new ScheduleDefinition("report", "0 0 3 * * ?", "UTC", "{}", MisfirePolicy.FIRE_ONCE),
                        new ValidatedInput("report", "{\"steps\":4,\"stepMillis\":1000}", null)))
                .isNotEqualTo(base);
    }
}
