package io.quiesce.workflow.instance;

public enum InstanceStatus {
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this != RUNNING;
    }
}
