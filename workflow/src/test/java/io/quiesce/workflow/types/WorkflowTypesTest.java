package io.quiesce.workflow.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.workflow.WorkflowTypesProducer;
import io.quiesce.workflow.instance.InstanceStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowTypesTest {

    private final WorkflowTypes types = WorkflowTypesProducer.all(new InstanceStore(null));

    @Test
    void reportIsRegistered() {
        assertThat(types.names()).containsExactly("report");
        assertThat(types.validate("report", "{\"steps\":2}").normalizedJson())
                .isEqualTo("{\"steps\":2,\"stepMillis\":1000}");
    }

    @Test
    void anUnknownTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> types.validate("invoice", "{}"))
                .isInstanceOfSatisfying(UnknownWorkflowTypeException.class, e -> {
                    assertThat(e.type()).isEqualTo("invoice");
                    assertThat(e.knownTypes()).containsExactly("report");
                })
                .hasMessage("Unknown workflow type 'invoice': known types are report.");
        assertThatThrownBy(() -> types.validate(null, "{}")).isInstanceOf(UnknownWorkflowTypeException.class);
    }

    @Test
    void aTypeCannotBeRegisteredTwice() {
        WorkflowType report = new io.quiesce.workflow.report.ReportType(null);

        assertThatThrownBy(() -> new WorkflowTypes(List.of(report, report)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("report");
    }
}
