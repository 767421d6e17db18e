package io.quiesce.api.instances;

import io.quiesce.workflow.callback.CallbackStatus;
import io.quiesce.workflow.instance.InstanceRecord;
import io.quiesce.workflow.instance.StepRecord;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;

/**
 * An instance as the API shows it; steps are present on {@code GET /api/instances/{id}} and empty in lists.
 * {@code startedAt} is null until a worker began the instance, and for runs that do not record it (docs/workflows.md).
 */
@JsonbPropertyOrder({
    "id",
    "type",
    "status",
    "input",
    "result",
    "error",
    "scheduleId",
    "scheduledFireTime",
    "codeVersion",
    "createdAt",
    "startedAt",
    "updatedAt",
    "finishedAt",
    "callback",
    "steps"
})
public record InstanceView(
        String id,
        String type,
        String status,
        JsonValue input,
        JsonValue result,
        String error,
        String scheduleId,
        Instant scheduledFireTime,
        String codeVersion,
        Instant createdAt,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        CallbackView callback,
        List<StepView> steps) {

    /** Present on {@code GET /api/instances/{id}} when the start asked for a callback. */
    @JsonbPropertyOrder({"state", "attempts", "lastError", "deliveryId", "nextAttemptAt", "deliveredAt"})
    public record CallbackView(
            String state,
            int attempts,
            String lastError,
            String deliveryId,
            Instant nextAttemptAt,
            Instant deliveredAt) {

        static CallbackView of(CallbackStatus status) {
            return new CallbackView(
                    status.state().name(),
                    status.attempts(),
                    status.lastError(),
                    status.deliveryId(),
                    status.nextAttempt(),
                    status.deliveredAt());
        }
    }

    @JsonbPropertyOrder({"step", "name", "attempt", "worker", "codeVersion", "startedAt", "completedAt"})
    public record StepView(
            int step,
            String name,
            int attempt,
            String worker,
            String codeVersion,
            Instant startedAt,
            Instant completedAt) {

        static StepView of(StepRecord step) {
            return new StepView(
                    step.step(),
                    step.name(),
                    step.attempt(),
                    step.worker(),
                    step.codeVersion(),
                    step.startedAt(),
                    step.completedAt());
        }
    }

    static InstanceView of(InstanceRecord instance) {
        return of(instance, null);
    }

    static InstanceView of(InstanceRecord instance, CallbackStatus callback) {
        return new InstanceView(
                instance.id(),
                instance.type(),
                instance.status().name(),
                json(instance.inputJson()),
                json(instance.resultJson()),
                instance.error(),
                instance.scheduleId(),
                instance.scheduledFireTime(),
                instance.codeVersion(),
                instance.createdAt(),
                instance.startedAt(),
                instance.updatedAt(),
                instance.finishedAt(),
                callback == null ? null : CallbackView.of(callback),
                instance.steps().stream().map(StepView::of).toList());
    }

    private static JsonValue json(String text) {
        if (text == null) {
            return null;
        }
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }
}
