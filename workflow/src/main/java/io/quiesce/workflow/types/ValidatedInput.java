package io.quiesce.workflow.types;

/** {@code normalizedJson} has the defaults applied; it is what {@code workflow_instance.input} stores. */
public record ValidatedInput(String type, String normalizedJson, Object workflowArgument) {}
