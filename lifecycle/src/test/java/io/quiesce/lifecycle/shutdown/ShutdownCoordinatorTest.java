package io.quiesce.lifecycle.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownCoordinatorTest {

    private final List<ShutdownTrigger> runs = new ArrayList<>();
    private final List<Integer> handovers = new ArrayList<>();

    private ShutdownCoordinator coordinator(int exitCodeOfRun) {
        return new ShutdownCoordinator(
                trigger -> {
                    runs.add(trigger);
                    PhaseOutcome outcome = exitCodeOfRun == 0 ? PhaseOutcome.COMPLETED : PhaseOutcome.TIMED_OUT;
                    return new ShutdownReport(
                            trigger,
                            List.of(new PhaseResult(
                                    "p", Duration.ZERO, Duration.ZERO, Duration.ZERO, outcome, java.util.Map.of(), "")),
                            0,
                            0,
                            Duration.ZERO);
                },
                report -> handovers.add(report.exitCode()));
    }

    @Test
    void theFirstTriggerWinsAndRepeatsAreIgnored() throws Exception {
        ShutdownCoordinator coordinator = coordinator(0);
        assertThat(coordinator.trigger(ShutdownTrigger.SIGTERM)).isTrue();
        assertThat(coordinator.trigger(ShutdownTrigger.SIGTERM)).isFalse();
        assertThat(coordinator.trigger(ShutdownTrigger.APPLICATION_STOP)).isFalse();
        assertThat(runs).containsExactly(ShutdownTrigger.SIGTERM);
        assertThat(coordinator.awaitReport(Duration.ZERO)).isPresent();
    }

    @Test
    void handsOverWithTheReportsExitCodeOnlyAfterSigterm() {
        ShutdownCoordinator clean = coordinator(0);
        clean.trigger(ShutdownTrigger.SIGTERM);
        ShutdownCoordinator overran = coordinator(1);
        overran.trigger(ShutdownTrigger.SIGTERM);
        assertThat(handovers).containsExactly(0, 1);
    }

    @Test
    void anApplicationStopDoesNotHandOverBecauseLibertyIsAlreadyStopping() {
        ShutdownCoordinator coordinator = coordinator(0);
        assertThat(coordinator.trigger(ShutdownTrigger.APPLICATION_STOP)).isTrue();
        assertThat(handovers).isEmpty();
    }

    @Test
    void awaitingWithoutAnyTriggerTimesOut() throws Exception {
        assertThat(coordinator(0).awaitReport(Duration.ofMillis(1))).isEmpty();
    }
}
