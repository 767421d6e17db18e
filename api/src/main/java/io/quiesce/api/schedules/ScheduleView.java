package io.quiesce.api.schedules;

import io.quiesce.jobs.schedule.ScheduleRecord;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.StringReader;
import java.time.Instant;

/** {@code nextFireTime} is absent while paused or when the expression has no future fire. */
@JsonbPropertyOrder({
    "id",
    "type",
    "cron",
    "timeZone",
    "misfirePolicy",
    "state",
    "input",
    "createdAt",
    "nextFireTime",
    "previousFireTime"
})
public record ScheduleView(
        String id,
        String type,
        String cron,
        String timeZone,
        String misfirePolicy,
        String state,
        JsonValue input,
        Instant createdAt,
        Instant nextFireTime,
        Instant previousFireTime) {

    static ScheduleView of(ScheduleRecord schedule) {
        return new ScheduleView(
                schedule.id(),
                schedule.type(),
                schedule.cron(),
                schedule.timeZone(),
                schedule.misfirePolicy().value(),
                schedule.state().name(),
                json(schedule.inputJson()),
                schedule.createdAt(),
                schedule.nextFireTime(),
                schedule.previousFireTime());
    }

    private static JsonValue json(String text) {
        if (text == null) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }
}
