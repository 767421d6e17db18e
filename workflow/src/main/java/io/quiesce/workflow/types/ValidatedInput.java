package io.quiesce.workflow.types;

/**
 * Input that passed a type's validation.
 *
 * @param type              the workflow type name
 * @param normalizedJson    the input with defaults applied, as stored in {@code workflow_instance.input}
 * @param workflowArgument  the argument the workflow method receives (converted by Temporal's JSON payload converter)
 */
public record ValidatedInput(String type, String normalizedJson, Object workflowArgument) {
}
