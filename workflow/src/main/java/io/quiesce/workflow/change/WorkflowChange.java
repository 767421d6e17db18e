package io.quiesce.workflow.change;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every {@code Workflow.getVersion} change id of Quiesce's workflow code, and whether this release records the change's
 * new branch on new runs. A change that adds or reorders commands ships {@link Activation#ON_REQUEST} first: while the
 * previous release's workers still poll the task queue, new runs keep recording the old commands, which those workers can
 * replay. Once none polls, {@code quiesce.workflow.activate-changes} turns it on without a new image; a later release
 * makes it {@link Activation#ALWAYS}. Ids stay listed for good, so that a configuration naming one keeps starting.
 */
public enum WorkflowChange {

    /** {@code report}, since 0.2.0: the summary (retries, workers, code versions) after the last step. */
    REPORT_SUMMARY("report-summary", Activation.ALWAYS),

    /** {@code report}, since 0.3.0: the instance records when a worker began it ({@code startedAt}), before step 1. */
    REPORT_STARTED("report-started", Activation.ON_REQUEST);

    /** When a new run takes the change's new branch. */
    public enum Activation {
        ALWAYS,
        /** Only where {@code quiesce.workflow.activate-changes} names it. */
        ON_REQUEST
    }

    private final String id;
    private final Activation activation;

    WorkflowChange(String id, Activation activation) {
        this.id = id;
        this.activation = activation;
    }

    /** The change id the workflow code passes to {@code Workflow.getVersion}. */
    public String id() {
        return id;
    }

    public Activation activation() {
        return activation;
    }

    public static Optional<WorkflowChange> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    /** Every id, comma-separated, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(WorkflowChange::id).collect(Collectors.joining(", "));
    }
}
