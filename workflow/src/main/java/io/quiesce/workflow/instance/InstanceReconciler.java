package io.quiesce.workflow.instance;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiesce.database.paging.PageCursor;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Brings rows that say RUNNING in line with their workflows when the workflow's own bookkeeping never ran: a workflow
 * terminated by an operator, one whose start was lost, a cancellation that raced a step's end. Only a row nobody has
 * written for {@code quietFor} is looked at and changed (a start inserts its row before the workflow exists, and a retried
 * start touches it first), so a workflow or a request writing the row at the same moment wins. A row whose workflow never
 * existed and ran no step is removed, as its failed start meant to do, so that a retry with its key starts afresh.
 */
public class InstanceReconciler {

    static final String NOT_FOUND = "NOT_FOUND";

    private final InstanceStore store;
    private final WorkflowClient client;
    private final Duration rpcTimeout;

    public InstanceReconciler(InstanceStore store, WorkflowClient client, Duration rpcTimeout) {
        this.store = store;
        this.client = client;
        this.rpcTimeout = rpcTimeout;
    }

    /** What Temporal said of one instance, and the status its row was given; null when the row was removed. */
    public record Correction(String id, String type, String temporalStatus, InstanceStatus status) {}

    /**
     * @param next        where the following pass continues; null when this one reached the end and the next starts over
     * @param unavailable why the pass ended early (Temporal did not answer), or null
     */
    public record Pass(
            int checked, List<Correction> corrections, PageCursor next, WorkflowUnavailableException unavailable) {}

    /**
     * Checks at most {@code limit} RUNNING rows after {@code after}, oldest first, until {@code stop} says so or Temporal
     * does not answer; the corrections made until then are in the pass either way.
     *
     * @throws InstanceStorageException the database failed
     */
    public Pass reconcile(PageCursor after, Duration quietFor, int limit, BooleanSupplier stop) {
        Instant untouchedSince = Instant.now().minus(quietFor);
        List<InstanceRecord> running = store.runningUntouchedSince(untouchedSince, after, limit);
        List<Correction> corrections = new ArrayList<>();
        PageCursor position = after;
        int checked = 0;
        for (InstanceRecord row : running) {
            if (stop.getAsBoolean()) {
                return new Pass(checked, corrections, position, null);
            }
            try {
                Correction correction = reconcile(row);
                if (correction != null && apply(correction, untouchedSince)) {
                    corrections.add(correction);
                }
            } catch (WorkflowUnavailableException e) {
                return new Pass(checked, corrections, position, e);
            }
            checked++;
            position = new PageCursor(row.createdAt(), row.id());
        }
        return new Pass(checked, corrections, running.size() < limit ? null : position, null);
    }

    private boolean apply(Correction correction, Instant untouchedSince) {
        if (correction.status() == null) {
            return store.deleteUntouched(correction.id(), untouchedSince);
        }
        return store.finishUntouched(
                correction.id(), correction.status(), resultOf(correction), errorOf(correction), untouchedSince);
    }

    private Correction reconcile(InstanceRecord row) {
        WorkflowExecutionStatus status;
        try {
            status = client.newUntypedWorkflowStub(row.id()).describe().getStatus();
        } catch (WorkflowNotFoundException e) {
            return new Correction(
                    row.id(), row.type(), NOT_FOUND, store.steps(row.id()).isEmpty() ? null : InstanceStatus.FAILED);
        } catch (RuntimeException e) {
            throw new WorkflowUnavailableException(
                    "Temporal did not describe workflow " + row.id() + ": " + e.getMessage(), e);
        }
        String name = status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
        return switch (status) {
            case WORKFLOW_EXECUTION_STATUS_COMPLETED ->
                new Correction(row.id(), row.type(), name, InstanceStatus.COMPLETED);
            case WORKFLOW_EXECUTION_STATUS_CANCELED ->
                new Correction(row.id(), row.type(), name, InstanceStatus.CANCELLED);
            case WORKFLOW_EXECUTION_STATUS_FAILED,
                    WORKFLOW_EXECUTION_STATUS_TERMINATED,
                    WORKFLOW_EXECUTION_STATUS_TIMED_OUT ->
                new Correction(row.id(), row.type(), name, InstanceStatus.FAILED);
            default -> null;
        };
    }

    /** The workflow's own result, as the workflow would have written it. */
    private String resultOf(Correction correction) {
        if (correction.status() != InstanceStatus.COMPLETED) {
            return null;
        }
        String id = correction.id();
        WorkflowStub stub = client.newUntypedWorkflowStub(id);
        try {
            JsonNode result = stub.getResult(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS, JsonNode.class);
            return result == null || result.isNull() ? null : result.toString();
        } catch (TimeoutException e) {
            throw new WorkflowUnavailableException(
                    "Temporal did not return the result of workflow " + id + " in time", e);
        } catch (WorkflowFailedException e) {
            return null;
        } catch (RuntimeException e) {
            throw new WorkflowUnavailableException(
                    "Temporal did not return the result of workflow " + id + ": " + e.getMessage(), e);
        }
    }

    private static String errorOf(Correction correction) {
        return switch (correction.status()) {
            case FAILED ->
                NOT_FOUND.equals(correction.temporalStatus())
                        ? "Temporal no longer has this instance's workflow (its history was removed)"
                        : "The workflow ended " + correction.temporalStatus()
                                + " in Temporal without recording its outcome";
            default -> null;
        };
    }
}
