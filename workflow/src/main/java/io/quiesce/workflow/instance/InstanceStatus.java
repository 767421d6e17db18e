package io.quiesce.workflow.instance;

/** Where an instance is: RUNNING until its workflow records one of the three final states. */
public enum InstanceStatus {
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this != RUNNING;
    }
}
