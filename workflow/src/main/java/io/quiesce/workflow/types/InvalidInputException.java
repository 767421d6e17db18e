package io.quiesce.workflow.types;

import io.quiesce.database.validation.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** The input of a workflow start request is invalid; carries every field error so that a client fixes them in one go. */
public class InvalidInputException extends RuntimeException {

    private final String type;
    private final List<FieldError> errors;

    public InvalidInputException(String type, List<FieldError> errors) {
        super("Invalid input for workflow type " + type + ": "
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public String type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
