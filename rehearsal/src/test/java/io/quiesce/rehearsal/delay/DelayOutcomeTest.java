package io.quiesce.rehearsal.delay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelayOutcomeTest {

    @TempDir
    Path dir;

    @Test
    void readsTheDelayLineOfATextLog() throws IOException {
        Path log = dir.resolve("messages.log");
        Files.writeString(
                log,
                "[12/7/26 10:00:00:000 UTC] 0000004a io.quiesce.lifecycle I event=shutdown.signal trigger=SIGTERM\n"
                        + "[12/7/26 10:00:03:012 UTC] 0000004a io.quiesce.lifecycle I event=shutdown.phase phase=delay"
                        + " start_ms=12 duration_ms=3000 granted_ms=5000 outcome=COMPLETED in_flight=0"
                        + " last_new_connection_ms=980 new_connections=7 quiet_ms=2000 ended_by=quiet mode=traffic\n");

        assertThat(DelayOutcome.read("quiesce-1", log))
                .contains(new DelayOutcome("quiesce-1", 3000, "quiet", "traffic", 7, 980, 2000));
    }

    @Test
    void anEarlierReleasesLineSaysItsDelayWasFixedAndCountedNoConnections() throws IOException {
        Path log = dir.resolve("messages.log");
        Files.writeString(
                log,
                "[12/7/26 10:00:05:012 UTC] 0000004a io.quiesce.lifecycle I event=shutdown.phase phase=delay"
                        + " start_ms=12 duration_ms=5000 granted_ms=5000 outcome=COMPLETED in_flight=0\n");

        assertThat(DelayOutcome.read("quiesce-1", log))
                .contains(new DelayOutcome("quiesce-1", 5000, DelayOutcome.UNREPORTED, "fixed", -1, -1, -1));
    }

    @Test
    void readsTheDelayLineOfAJsonLogAndTellsWhenNoNewConnectionCame() throws IOException {
        Path log = dir.resolve("messages.log");
        Files.write(
                log,
                List.of("{\"type\":\"liberty_message\",\"message\":\"event=shutdown.phase phase=delay start_ms=3"
                        + " duration_ms=5000 granted_ms=5000 outcome=COMPLETED in_flight=1 new_connections=0"
                        + " ended_by=maximum mode=fixed\",\"ext_event\":\"shutdown.phase\"}"));

        assertThat(DelayOutcome.read("quiesce-2", log))
                .contains(new DelayOutcome("quiesce-2", 5000, "maximum", "fixed", 0, -1, -1));
        assertThat(DelayOutcome.read("quiesce-3", dir.resolve("missing.log"))).isEmpty();
    }

    @Test
    void theReportComparesDelaysAndExitTimes() {
        DelayReport report = DelayReport.of(
                List.of(
                        new DelayOutcome("a", 2500, "quiet", "traffic", 3, 400, 2000),
                        new DelayOutcome("b", 5000, "maximum", "traffic", 40, 4900, 2000),
                        new DelayOutcome("c", 2100, "quiet", "traffic", 0, -1, 2000)),
                List.of(4000L, 7000L, 3500L));

        assertThat(report.endedBy()).containsEntry("quiet", 2).containsEntry("maximum", 1);
        assertThat(report.delayMinMillis()).isEqualTo(2100);
        assertThat(report.delayMedianMillis()).isEqualTo(2500);
        assertThat(report.newConnections()).isEqualTo(43);
        assertThat(report.lastNewConnectionMaxMillis()).isEqualTo(4900);
        assertThat(report.sigtermToExitMedianMillis()).isEqualTo(4000);
    }
}
