package io.quiesce.rehearsal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.rehearsal.pod.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmptyServiceTest {

    @Test
    void overlappingPodsNeverLeaveTheServiceEmpty() {
        List<Pod.Change> changes = List.of(
                new Pod.Change(0, true),
                new Pod.Change(50, true),
                new Pod.Change(100, false),
                new Pod.Change(80, true));

        assertThat(Reporting.EmptyService.of(changes, 10, 200)).isEqualTo(new Reporting.EmptyService(0, 0));
    }

    @Test
    void aGapBetweenTheLastLeavingAndTheNextJoiningIsCountedWithinTheLoad() {
        List<Pod.Change> changes = List.of(
                new Pod.Change(0, true),
                new Pod.Change(100, false),
                new Pod.Change(130, true),
                new Pod.Change(150, false),
                new Pod.Change(300, true));

        assertThat(Reporting.EmptyService.of(changes, 10, 200)).isEqualTo(new Reporting.EmptyService(30 + 50, 2));
    }

    @Test
    void noPodAtAllIsEmptyThroughout() {
        assertThat(Reporting.EmptyService.of(List.of(), 10, 200)).isEqualTo(new Reporting.EmptyService(190, 1));
    }
}
