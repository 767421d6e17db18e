package io.quiesce.workflow.instance;

import java.time.Instant;
import java.util.List;

/**
 * {@code steps} is empty in list results.
 *
 * @param codeVersion the code version of the server that started the instance; null for instances from before it was kept
 */
public record InstanceRecord(
        String id,
        String type,
        InstanceStatus status,
        String inputJson,
        String resultJson,
        String error,
        String scheduleId,
        Instant scheduledFireTime,
        String codeVersion,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        List<StepRecord> steps) {

    public InstanceRecord {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public InstanceRecord withSteps(List<StepRecord> newSteps) {
        return new InstanceRecord(
                id,
                type,
                status,
                inputJson,
                resultJson,
                error,
                scheduleId,
                scheduledFireTime,
                codeVersion,
                createdAt,
                updatedAt,
                finishedAt,
                newSteps);
    }
}
