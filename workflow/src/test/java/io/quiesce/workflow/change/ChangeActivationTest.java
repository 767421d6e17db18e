package io.quiesce.workflow.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.temporal.worker.PreferredVersionProviderInput;
import io.temporal.worker.VersionPreference;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeActivationTest {

    @Test
    void byDefaultOnlyTheAlwaysActiveChangesTakeTheirNewBranch() {
        ChangeActivation activation = ChangeActivation.of(Set.of());

        assertThat(activation.active()).containsExactly("report-summary");
        assertThat(activation.getPreferredVersion(input("report-summary", Workflow.DEFAULT_VERSION, 1)))
                .as("the SDK's choice, the newest version")
                .isNull();
        assertThat(activation.getPreferredVersion(input("report-started", Workflow.DEFAULT_VERSION, 1)))
                .isEqualTo(VersionPreference.of(Workflow.DEFAULT_VERSION).clampToSupportedRange());
    }

    @Test
    void anActivatedChangeTakesItsNewBranch() {
        ChangeActivation activation = ChangeActivation.of(Set.of(WorkflowChange.REPORT_STARTED));

        assertThat(activation.active()).containsExactly("report-started", "report-summary");
        assertThat(activation.getPreferredVersion(input("report-started", Workflow.DEFAULT_VERSION, 1)))
                .isNull();
    }

    /** A getVersion whose id was never declared must not switch a new branch on behind the operator's back. */
    @Test
    void anUndeclaredChangeKeepsItsOldBranch() {
        VersionPreference preference = ChangeActivation.of(Set.of())
                .getPreferredVersion(input("report-elsewhere", Workflow.DEFAULT_VERSION, 2));

        assertThat(preference.getVersion()).isEqualTo(Workflow.DEFAULT_VERSION);
        assertThat(preference.isClampToSupportedRange())
                .as("once the old branch is removed (getVersion(id, 1, 1)) the SDK clamps to the only version left")
                .isTrue();
    }

    @Test
    void idsAreUniqueAndEveryChangeIsFoundByItsId() {
        for (WorkflowChange change : WorkflowChange.values()) {
            assertThat(WorkflowChange.byId(change.id())).contains(change);
        }
        assertThat(WorkflowChange.ids()).isEqualTo("report-summary, report-started");
        assertThat(WorkflowChange.byId("report")).isEmpty();
    }

    private static PreferredVersionProviderInput input(String changeId, int min, int max) {
        return new PreferredVersionProviderInput(mock(WorkflowInfo.class), changeId, min, max);
    }
}
