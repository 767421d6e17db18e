package io.quiesce.jobs.schedule;

import io.quiesce.database.validation.FieldError;
import java.util.List;

/** The schedule's cron expression or time zone is not acceptable; every invalid field is listed. Nothing was stored. */
public class InvalidScheduleException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidScheduleException(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(FieldError::toString).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
