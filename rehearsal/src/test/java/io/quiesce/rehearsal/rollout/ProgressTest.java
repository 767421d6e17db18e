package io.quiesce.rehearsal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import org.junit.jupiter.api.Test;

/** The status line before any replacement or request. */
class ProgressTest {

    @Test
    void theStatusLineSaysElapsedReplacementsRequestsAndFailures() {
        Progress progress = new Progress(10, EventLog.named(ProgressTest.class.getName(), LogFormat.TEXT), null);

        assertThat(progress.status()).matches("rehearsal 0m0\\ds  replacements 0/10  requests 0  failures 0");
    }
}
