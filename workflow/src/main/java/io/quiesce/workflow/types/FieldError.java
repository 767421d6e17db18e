package io.quiesce.workflow.types;

/**
 * One invalid input field, in the shape the API reports it ({@code input.steps}: {@code must be between 1 and 20}).
 *
 * @param field   dotted path from the request body, e.g. {@code input.steps}
 * @param message what is allowed, phrased to follow the field name
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + " " + message;
    }
}
