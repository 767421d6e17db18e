package io.quiesce.workflow.instance;

/**
 * The result of {@link InstanceService#start}.
 *
 * @param replayed true when an earlier request with the same idempotency key (or schedule fire) had already created the
 *                 instance: the API answers with the existing instance instead of starting another
 */
public record StartOutcome(InstanceRecord instance, boolean replayed) {
}
