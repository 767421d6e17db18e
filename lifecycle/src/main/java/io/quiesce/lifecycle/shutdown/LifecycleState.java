package io.quiesce.lifecycle.shutdown;

/** The states of an application under the kernel; they only move forward. */
public enum LifecycleState {
    STARTING,
    READY,
    DRAINING,
    STOPPING,
    STOPPED
}
