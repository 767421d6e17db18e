package io.quiesce.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quiesce.database.validation.FieldError;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void acceptsAQuartzExpressionInAnIanaZone() {
        CronRules.ValidCron valid = CronRules.check(" 0 */5 * * * ? ", "Europe/Paris", NOW);
        assertThat(valid.expression()).isEqualTo("0 */5 * * * ?");
        assertThat(valid.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(valid.timeZone().getID()).isEqualTo("Europe/Paris");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not a cron|UTC|cron|must be a Quartz cron expression",
                "*/5 * * * *|UTC|cron|must be a Quartz cron expression",
                "0 0 0 1 1 ? 2020|UTC|cron|never fires after now",
                "0 */5 * * * ?|Mars/Olympus|timeZone|must be an IANA time zone",
                "0 */5 * * * ?|+02:00|timeZone|must be an IANA time zone",
                "0 */5 * * * ?|europe/paris|timeZone|must be an IANA time zone"
            })
    void refusesWithTheFieldNamed(String cron, String zone, String field, String message) {
        InvalidScheduleException e =
                catchThrowableOfType(InvalidScheduleException.class, () -> CronRules.check(cron, zone, NOW));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly(field);
        assertThat(e.errors().get(0).message()).contains(message);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0 0 3 ? * 8",
                "0 0 3 * */ ?",
                "0 0 3 * * #",
                "0 0 3 ? * MON#",
                "0 0 3 ? * 1#9",
                "0/ * * * * ?",
                "0 0 3 * JAN- ?",
                "1-",
                "0 0 3 L-x * ?",
                "0 0 3 ? * 1-",
                "0 0 3 1-32 * ?",
                "60 * * * * ?"
            })
    void saysWhatIsWrongWithoutJavaInternals(String cron) {
        InvalidScheduleException e =
                catchThrowableOfType(InvalidScheduleException.class, () -> CronRules.check(cron, "UTC", NOW));
        assertThat(e).as(cron).isNotNull();
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("cron");
        assertThat(e.errors().get(0).message())
                .startsWith("must be a Quartz cron expression")
                .doesNotContain("Exception")
                .doesNotContain("java.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/0 * * * * ?", "0 */00 * * * ?", "0 0 3/0 * * ?"})
    void refusesAStepOfZero(String cron) {
        InvalidScheduleException e =
                catchThrowableOfType(InvalidScheduleException.class, () -> CronRules.check(cron, "UTC", NOW));
        assertThat(e.errors().get(0).message()).contains("step of 0");
    }

    @Test
    void acceptsEverySecondAndStepsWithZerosInThem() {
        assertThat(CronRules.check("* * * * * ?", "UTC", NOW).expression()).isEqualTo("* * * * * ?");
        assertThat(CronRules.check("0/10 * * * * ?", "UTC", NOW).expression()).isEqualTo("0/10 * * * * ?");
        assertThat(CronRules.check("0 0/05 * * * ?", "UTC", NOW).expression()).isEqualTo("0 0/05 * * * ?");
    }

    @Test
    void reportsBothFieldsAtOnce() {
        InvalidScheduleException e = catchThrowableOfType(
                InvalidScheduleException.class, () -> CronRules.check("nope", "Nowhere/Town", NOW));
        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("cron", "timeZone");
    }

    @Test
    void refusesAnExpressionLongerThanQuartzStores() {
        String longCron = "0 " + "1,".repeat(60) + "2 * * * ?";
        InvalidScheduleException e =
                catchThrowableOfType(InvalidScheduleException.class, () -> CronRules.check(longCron, "UTC", NOW));
        assertThat(e.errors().get(0).message()).contains("at most 120 characters");
    }
}
