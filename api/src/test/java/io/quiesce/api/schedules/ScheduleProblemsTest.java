package io.quiesce.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.api.problem.Problem;
import io.quiesce.database.validation.FieldError;
import io.quiesce.jobs.schedule.InvalidScheduleException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleProblemsTest {

    @Test
    void aCronOrZoneTheServiceRefusesIsUnprocessable() {
        Problem problem = ScheduleProblems.invalid(new InvalidScheduleException(List.of(
                new FieldError("timeZone", "must be an IANA time zone such as Europe/Paris or UTC"),
                new FieldError("cron", "never fires after now"))));

        assertThat(problem.type()).isEqualTo("urn:quiesce:problem:invalid-schedule");
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.detail()).contains("cron never fires after now");
        assertThat(problem.errors())
                .containsExactly(
                        new Problem.InvalidField("timeZone", "must be an IANA time zone such as Europe/Paris or UTC"),
                        new Problem.InvalidField("cron", "never fires after now"));
    }
}
