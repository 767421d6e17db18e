package io.quiesce.lifecycle.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LifecycleStatusTest {

    private final LifecycleStatus status = new LifecycleStatus();

    @Test
    void startsInStartingAndMovesForward() {
        assertThat(status.state()).isEqualTo(LifecycleState.STARTING);
        assertThat(status.advance(LifecycleState.READY, "ready")).isTrue();
        assertThat(status.advance(LifecycleState.DRAINING, "SIGTERM received")).isTrue();
        assertThat(status.snapshot())
                .isEqualTo(new LifecycleStatus.Snapshot(LifecycleState.DRAINING, "SIGTERM received"));
    }

    @Test
    void neverMovesBackNorRepeatsATransition() {
        status.advance(LifecycleState.STOPPING, "first");
        assertThat(status.advance(LifecycleState.READY, "late")).isFalse();
        assertThat(status.advance(LifecycleState.STOPPING, "again")).isFalse();
        assertThat(status.snapshot().reason()).isEqualTo("first");
    }

    @Test
    void mayJumpStatesWhenShutdownBeginsBeforeReady() {
        assertThat(status.advance(LifecycleState.DRAINING, "SIGTERM during start"))
                .isTrue();
        assertThat(status.state()).isEqualTo(LifecycleState.DRAINING);
    }
}
