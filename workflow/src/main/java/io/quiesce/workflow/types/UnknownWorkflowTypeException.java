package io.quiesce.workflow.types;

import java.util.List;

public class UnknownWorkflowTypeException extends RuntimeException {

    private final String type;
    private final List<String> knownTypes;

    public UnknownWorkflowTypeException(String type, List<String> knownTypes) {
        super("Unknown workflow type '" + type + "': known types are " + String.join(", ", knownTypes) + ".");
        this.type = type;
        this.knownTypes = List.copyOf(knownTypes);
    }

    public String type() {
        return type;
    }

    public List<String> knownTypes() {
        return knownTypes;
    }
}
