package io.quiesce.workflow.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiesce.database.paging.PageCursor;
import io.quiesce.workflow.callback.CallbackStatus;
import io.quiesce.workflow.callback.CallbackTarget;
import io.quiesce.workflow.config.WorkflowConfig;
import io.quiesce.workflow.types.ValidatedInput;
import io.quiesce.workflow.types.WorkflowTypes;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Exactly once: the id derives from the idempotency key (or schedule id + fire time), the row is inserted with
 * {@code ON CONFLICT DO NOTHING} and Temporal rejects a second workflow with that id. A start that cannot reach
 * Temporal removes its row, so that a retry starts afresh. Statements auto-commit: call this outside a JTA transaction.
 */
@ApplicationScoped
public class InstanceService {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A row seen as existing can vanish when the request that inserted it fails to start its workflow; try again. */
    private static final int INSERT_ATTEMPTS = 3;

    private final InstanceStore store;
    private final WorkflowTypes types;
    private final WorkflowClient client;
    private final String taskQueue;
    private final TemporalBulkhead temporal;
    private final String codeVersion;

    /** @param client the connection the worker owns, so that starts and cancels end with the worker's shutdown */
    @Inject
    public InstanceService(InstanceStore store, WorkflowTypes types, WorkflowClient client, WorkflowConfig settings) {
        this.store = store;
        this.types = types;
        this.client = client;
        this.taskQueue = settings.taskQueue();
        this.temporal = new TemporalBulkhead(settings.maxConcurrentCalls(), settings.callWait());
        this.codeVersion = settings.codeVersion();
    }

    /** For the CDI proxy. */
    protected InstanceService() {
        store = null;
        types = null;
        client = null;
        taskQueue = null;
        temporal = null;
        codeVersion = null;
    }

    /**
     * @throws io.quiesce.workflow.types.UnknownWorkflowTypeException 422: unknown type, nothing written
     * @throws io.quiesce.workflow.types.InvalidInputException        422: invalid input, nothing written
     * @throws IdempotencyConflictException 422: the key was used with a different request
     * @throws WorkflowUnavailableException 503: Temporal did not answer
     * @throws InstanceStorageException     503: the database failed
     */
    public StartOutcome start(StartCommand cmd) {
        return start(cmd, null);
    }

    /**
     * @param callback where to report the instance's end, or null; its row is written with the instance's, and a
     *                 replay of the same request returns the original instance (and callback) unchanged
     */
    public StartOutcome start(StartCommand cmd, CallbackTarget callback) {
        ValidatedInput input = types.validate(cmd.type(), cmd.inputJson());
        String id = instanceId(cmd);
        for (int attempt = 1; ; attempt++) {
            if (store.insertIfAbsent(id, cmd, input.normalizedJson(), codeVersion, callback)) {
                startWorkflow(id, input, true);
                return new StartOutcome(require(id), false);
            }
            Optional<InstanceStore.Row> existing = store.findRow(id);
            if (existing.isEmpty()) {
                if (attempt < INSERT_ATTEMPTS) {
                    continue;
                }
                throw new InstanceStorageException(
                        "Instance " + id + " keeps vanishing while it is being started", null);
            }
            InstanceStore.Row row = existing.get();
            if (conflicts(row, cmd, input)) {
                throw new IdempotencyConflictException(
                        id,
                        cmd.idempotencyKey() != null
                                ? "Idempotency key '" + cmd.idempotencyKey() + "'"
                                : "Schedule " + cmd.scheduleId() + " fire at " + cmd.scheduledFireTime());
            }
            if (row.record().status() == InstanceStatus.RUNNING) {
                // The first request may have inserted the row and failed (or not yet got) to start the workflow.
                store.touch(id);
                startWorkflow(id, input, false);
                // If that first request failed and removed the row meanwhile, the workflow just started needs it back.
                store.insertIfAbsent(id, cmd, input.normalizedJson(), codeVersion, callback);
            }
            return new StartOutcome(require(id), true);
        }
    }

    public Optional<InstanceRecord> find(String id) {
        return store.findRow(id).map(row -> row.record().withSteps(store.steps(id)));
    }

    /** Empty when there is no such instance. */
    public Optional<EventProgress> eventProgress(String id) {
        return store.eventProgress(id);
    }

    /** The instance's completion callback, when its start asked for one. */
    public Optional<CallbackStatus> callback(String id) {
        return store.callback(id);
    }

    /** @throws InvalidCursorException 400: the cursor is not one a page handed out */
    public InstancePage list(InstanceQuery query) {
        PageCursor after = query.cursor() == null ? null : PageCursor.decode(query.cursor());
        List<InstanceRecord> rows =
                store.list(query.status(), query.type(), query.codeVersion(), after, query.limit() + 1);
        return new InstancePage(
                PageCursor.page(rows, query.limit()),
                PageCursor.next(rows, query.limit(), last -> new PageCursor(last.createdAt(), last.id())));
    }

    /**
     * The workflow records {@code CANCELLED} once its running step has stopped; a repeat while it runs requests again.
     *
     * @throws WorkflowUnavailableException 503: Temporal did not answer
     */
    public CancelResult cancel(String id) {
        Optional<InstanceStore.Row> row = store.findRow(id);
        if (row.isEmpty()) {
            return CancelResult.NOT_FOUND;
        }
        CancelResult settled = settled(row.get().record().status());
        if (settled != null) {
            return settled;
        }
        try {
            temporal.call("cancel workflow " + id, () -> {
                client.newUntypedWorkflowStub(id).cancel();
                return null;
            });
            return CancelResult.CANCEL_REQUESTED;
        } catch (WorkflowNotFoundException e) {
            // The workflow has closed (it may just have recorded its outcome) or never ran (terminated by an operator).
            Optional<InstanceStore.Row> now = store.findRow(id);
            if (now.isEmpty()) {
                return CancelResult.NOT_FOUND;
            }
            CancelResult finished = settled(now.get().record().status());
            if (finished != null) {
                return finished;
            }
            store.finish(id, InstanceStatus.CANCELLED, null, "cancelled while no workflow was running");
            return CancelResult.CANCEL_REQUESTED;
        } catch (RuntimeException e) {
            throw new WorkflowUnavailableException(
                    "Temporal did not accept the cancellation of " + id + ": " + e.getMessage(), e);
        }
    }

    public static String instanceId(StartCommand cmd) {
        if (cmd.idempotencyKey() != null) {
            return nameBased("idempotency:" + cmd.idempotencyKey());
        }
        if (cmd.scheduleId() != null && cmd.scheduledFireTime() != null) {
            return nameBased("schedule:" + cmd.scheduleId() + ":" + cmd.scheduledFireTime());
        }
        return UUID.randomUUID().toString();
    }

    private static String nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void startWorkflow(String id, ValidatedInput input, boolean insertedHere) {
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(taskQueue)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build();
        try {
            temporal.call(
                    "start workflow " + id,
                    () -> client.newUntypedWorkflowStub(input.type(), options).start(input.workflowArgument()));
        } catch (WorkflowExecutionAlreadyStarted e) {
            // A concurrent or earlier duplicate started it: exactly what idempotency wants.
        } catch (RuntimeException e) {
            if (insertedHere) {
                store.delete(id);
            }
            throw new WorkflowUnavailableException("Temporal did not start workflow " + id + ": " + e.getMessage(), e);
        }
    }

    private static boolean conflicts(InstanceStore.Row row, StartCommand cmd, ValidatedInput input) {
        if (row.requestFingerprint() != null || cmd.requestFingerprint() != null) {
            return !Objects.equals(row.requestFingerprint(), cmd.requestFingerprint());
        }
        return !row.record().type().equals(cmd.type()) || !sameJson(row.record().inputJson(), input.normalizedJson());
    }

    /** jsonb reorders keys and spaces, so compare trees, not text. */
    private static boolean sameJson(String a, String b) {
        try {
            return JSON.readTree(a).equals(JSON.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static CancelResult settled(InstanceStatus status) {
        return switch (status) {
            case COMPLETED, FAILED -> CancelResult.ALREADY_FINISHED;
            case CANCELLED -> CancelResult.ALREADY_CANCELLED;
            case RUNNING -> null;
        };
    }

    private InstanceRecord require(String id) {
        return find(id).orElseThrow(
                        () -> new InstanceStorageException("Instance " + id + " vanished after its start", null));
    }
}
