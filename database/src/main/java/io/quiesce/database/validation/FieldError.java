package io.quiesce.database.validation;

/** {@code message} is phrased to follow the field name: {@code input.steps must be between 1 and 20}. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + " " + message;
    }
}
