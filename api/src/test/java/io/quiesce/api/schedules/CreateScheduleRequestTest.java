package io.quiesce.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemException;
import io.quiesce.jobs.schedule.MisfirePolicy;
import io.quiesce.jobs.schedule.ScheduleDefinition;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreateScheduleRequestTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static Problem rejected(String body) {
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> CreateScheduleRequest.from(json(body)));
        assertThat(e).as(body).isNotNull();
        return e.problem();
    }

    @Test
    void fillsInTheDefaults() {
        CreateScheduleRequest request =
                CreateScheduleRequest.from(json("{\"type\":\"report\",\"cron\":\"0 */5 * * * ?\"}"));

        assertThat(request.definition())
                .isEqualTo(new ScheduleDefinition("report", "0 */5 * * * ?", "UTC", "{}", MisfirePolicy.FIRE_ONCE));
    }

    @Test
    void takesEveryPropertyAsGiven() {
        CreateScheduleRequest request = CreateScheduleRequest.from(json("{\"type\":\"report\",\"cron\":\"0 0 3 * * ?\","
                + "\"timeZone\":\"Europe/Paris\",\"input\":{\"steps\":2},\"misfirePolicy\":\"skip\"}"));

        assertThat(request.definition())
                .isEqualTo(new ScheduleDefinition(
                        "report", "0 0 3 * * ?", "Europe/Paris", "{\"steps\":2}", MisfirePolicy.SKIP));
    }

    @Test
    void treatsNullAsAbsentForOptionalProperties() {
        CreateScheduleRequest request = CreateScheduleRequest.from(json("{\"type\":\"report\",\"cron\":\"0 0 3 * * ?\","
                + "\"timeZone\":null,\"input\":null,\"misfirePolicy\":null}"));

        assertThat(request.definition())
                .isEqualTo(new ScheduleDefinition("report", "0 0 3 * * ?", "UTC", "{}", MisfirePolicy.FIRE_ONCE));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"cron\":\"0 0 3 * * ?\"}                                  | type",
                "{\"type\":null,\"cron\":\"0 0 3 * * ?\"}                    | type",
                "{\"type\":\"\",\"cron\":\"0 0 3 * * ?\"}                    | type",
                "{\"type\":\"Report!\",\"cron\":\"0 0 3 * * ?\"}             | type",
                "{\"type\":7,\"cron\":\"0 0 3 * * ?\"}                       | type",
                "{\"type\":\"report\"}                                       | cron",
                "{\"type\":\"report\",\"cron\":\"  \"}                       | cron",
                "{\"type\":\"report\",\"cron\":5}                            | cron",
                "{\"type\":\"report\",\"cron\":[\"0\"]}                      | cron",
                "{\"type\":\"report\",\"cron\":\"0 0 3 * * ?\",\"timeZone\":2}       | timeZone",
                "{\"type\":\"report\",\"cron\":\"0 0 3 * * ?\",\"input\":[1]}        | input",
                "{\"type\":\"report\",\"cron\":\"0 0 3 * * ?\",\"input\":\"{}\"}     | input",
                "{\"type\":\"report\",\"cron\":\"0 0 3 * * ?\",\"misfirePolicy\":\"never\"} | misfirePolicy",
                "{\"type\":\"report\",\"cron\":\"0 0 3 * * ?\",\"misfirePolicy\":true}    | misfirePolicy",
                "{\"type\":\"report\",\"cron\":\"0 0 3 * * ?\",\"colour\":\"red\"}   | colour",
            })
    void namesTheOffendingField(String body, String field) {
        Problem problem = rejected(body);

        assertThat(problem.type()).isEqualTo("urn:quiesce:problem:invalid-request");
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).extracting(Problem.InvalidField::field).containsExactly(field);
        assertThat(problem.detail()).startsWith(field + " ");
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        Problem problem = rejected(
                "{\"zeta\":1,\"alpha\":2,\"cron\":1,\"timeZone\":false,\"input\":3,\"misfirePolicy\":\"late\"}");

        assertThat(problem.errors())
                .extracting(Problem.InvalidField::field)
                .containsExactly("alpha", "zeta", "type", "cron", "timeZone", "input", "misfirePolicy");
    }

    @Test
    void leavesTheMeaningOfCronAndZoneToTheService() {
        CreateScheduleRequest request = CreateScheduleRequest.from(json("{\"type\":\"report\",\"cron\":\"not a cron\","
                + "\"timeZone\":\"Mars/Olympus\",\"misfirePolicy\":\"SKIP\"}"));

        assertThat(request.cron()).isEqualTo("not a cron");
        assertThat(request.timeZone()).isEqualTo("Mars/Olympus");
        assertThat(request.misfirePolicy()).isEqualTo(MisfirePolicy.SKIP);
    }
}
