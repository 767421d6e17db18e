package io.quiesce.api.schedules;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemException;
import io.quiesce.jobs.schedule.MisfirePolicy;
import io.quiesce.jobs.schedule.ScheduleDefinition;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Shape only, reported by property name; whether cron and zone make sense is the service's call (422). */
record CreateScheduleRequest(String type, String cron, String timeZone, JsonObject input, MisfirePolicy misfirePolicy) {

    static final String DEFAULT_TIME_ZONE = "UTC";
    private static final Set<String> PROPERTIES = Set.of("type", "cron", "timeZone", "input", "misfirePolicy");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    static CreateScheduleRequest from(JsonObject body) {
        List<Problem.InvalidField> errors = new ArrayList<>();
        new TreeSet<>(body.keySet())
                .stream()
                        .filter(name -> !PROPERTIES.contains(name))
                        .forEach(name -> errors.add(new Problem.InvalidField(
                                name, "is not a property of a schedule (type, cron, timeZone, input, misfirePolicy)")));
        JsonValue type = body.get("type");
        if (absent(type)) {
            errors.add(new Problem.InvalidField("type", "is required"));
        } else if (!(type instanceof JsonString name)
                || !TYPE.matcher(name.getString()).matches()) {
            errors.add(new Problem.InvalidField("type", "must be a workflow type name such as report"));
        }
        JsonValue cron = body.get("cron");
        if (absent(cron)) {
            errors.add(new Problem.InvalidField("cron", "is required"));
        } else if (!(cron instanceof JsonString expression)) {
            errors.add(new Problem.InvalidField("cron", "must be a string such as 0 */5 * * * ?"));
        } else if (expression.getString().isBlank()) {
            errors.add(new Problem.InvalidField("cron", "is required"));
        }
        JsonValue timeZone = body.get("timeZone");
        if (!absent(timeZone) && !(timeZone instanceof JsonString)) {
            errors.add(new Problem.InvalidField(
                    "timeZone", "must be a string naming an IANA time zone such as Europe/Paris"));
        }
        JsonValue input = body.get("input");
        if (!absent(input) && input.getValueType() != JsonValue.ValueType.OBJECT) {
            errors.add(new Problem.InvalidField("input", "must be a JSON object"));
        }
        JsonValue misfire = body.get("misfirePolicy");
        Optional<MisfirePolicy> policy = absent(misfire)
                ? Optional.of(MisfirePolicy.FIRE_ONCE)
                : misfire instanceof JsonString value ? MisfirePolicy.parse(value.getString()) : Optional.empty();
        if (policy.isEmpty()) {
            errors.add(new Problem.InvalidField("misfirePolicy", "must be one of fire-once, skip, catch-up"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalidFields(errors));
        }
        return new CreateScheduleRequest(
                ((JsonString) type).getString(),
                ((JsonString) cron).getString(),
                absent(timeZone) ? DEFAULT_TIME_ZONE : ((JsonString) timeZone).getString(),
                absent(input) ? JsonValue.EMPTY_JSON_OBJECT : input.asJsonObject(),
                policy.get());
    }

    ScheduleDefinition definition() {
        return new ScheduleDefinition(type, cron, timeZone, input.toString(), misfirePolicy);
    }

    private static boolean absent(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }
}
