package io.quiesce.workflow.instance;

/**
 * Where an instance's events stand, for a watcher that (re)connects.
 *
 * @param lastEvent the seq of its latest event, 0 when it has none (an instance from before events were recorded)
 */
public record EventProgress(InstanceStatus status, int lastEvent) {}
