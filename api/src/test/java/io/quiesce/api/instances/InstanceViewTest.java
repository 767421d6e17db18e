package io.quiesce.api.instances;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.workflow.instance.InstanceRecord;
import io.quiesce.workflow.instance.InstanceStatus;
import io.quiesce.workflow.instance.StepRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceViewTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant STARTED = T.plusMillis(1500);

    @Test
    void showsTheCodeVersionThatStartedTheInstanceAndThatRanEachStep() {
        List<StepRecord> steps = List.of(
                new StepRecord(1, "step-1", 1, "pod-a", "0.1.0", T, T),
                new StepRecord(2, "step-2", 1, "pod-b", "0.2.0", T, T),
                new StepRecord(3, "step-3", 1, "pod-c", null, T, T));
        InstanceRecord record = new InstanceRecord(
                "i-1",
                "report",
                InstanceStatus.COMPLETED,
                "{\"steps\":2}",
                null,
                null,
                null,
                null,
                "0.1.0",
                T,
                STARTED,
                T,
                T,
                steps);

        InstanceView view = InstanceView.of(record);

        assertThat(view.codeVersion()).isEqualTo("0.1.0");
        assertThat(view.startedAt()).isEqualTo(STARTED);
        assertThat(view.steps()).extracting(InstanceView.StepView::codeVersion).containsExactly("0.1.0", "0.2.0", null);
    }
}
