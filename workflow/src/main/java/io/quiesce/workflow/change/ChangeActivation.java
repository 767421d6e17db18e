package io.quiesce.workflow.change;

import io.temporal.worker.PreferredVersionProvider;
import io.temporal.worker.PreferredVersionProviderInput;
import io.temporal.worker.VersionPreference;
import io.temporal.workflow.Workflow;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The worker's {@link PreferredVersionProvider}: the SDK asks it only when a run reaches a {@code getVersion} call for the
 * first time (never on replay, never once the history holds the change's marker). An active change gets the newest
 * version the code supports; any other records {@link Workflow#DEFAULT_VERSION}, the old branch. The marker is recorded
 * either way, and a worker whose code has no {@code getVersion} call for it skips the marker on replay, so the previous
 * release replays an inactive change's runs. Clamped, because once a later release has dropped the old branch
 * ({@code getVersion(id, 1, 1)}) the default is out of range and the newest version is the only one left.
 */
public final class ChangeActivation implements PreferredVersionProvider {

    private static final VersionPreference OLD_BRANCH =
            VersionPreference.of(Workflow.DEFAULT_VERSION).clampToSupportedRange();

    private final Set<String> active;

    private ChangeActivation(Set<String> active) {
        this.active = Set.copyOf(active);
    }

    /** The changes that are {@link WorkflowChange.Activation#ALWAYS} active, and {@code activated}. */
    public static ChangeActivation of(Set<WorkflowChange> activated) {
        Set<WorkflowChange> changes = EnumSet.noneOf(WorkflowChange.class);
        changes.addAll(activated);
        for (WorkflowChange change : WorkflowChange.values()) {
            if (change.activation() == WorkflowChange.Activation.ALWAYS) {
                changes.add(change);
            }
        }
        return new ChangeActivation(changes.stream().map(WorkflowChange::id).collect(Collectors.toSet()));
    }

    /** The ids whose new branch new runs take, sorted. */
    public Set<String> active() {
        return new TreeSet<>(active);
    }

    /** {@code null} is the SDK's own choice: the newest supported version. */
    @Override
    public VersionPreference getPreferredVersion(PreferredVersionProviderInput input) {
        return active.contains(input.getChangeId()) ? null : OLD_BRANCH;
    }
}
