package io.quiesce.workflow.instance;

import java.time.Instant;
import java.util.List;

/**
 * {@code steps} is empty in list results.
 *
 * @param codeVersion the code version of the server that started the instance; null for instances from before it was kept
 * @param startedAt   when a worker began the instance; null until then, and for runs without the {@code report-started}
 *                    change (started by an earlier release, or while the change was inactive)
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
        Instant startedAt,
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
                startedAt,
                updatedAt,
                finishedAt,
                newSteps);
    }
}
