package io.quiesce.rehearsal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.rehearsal.report.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pod's shutdown phases read from its messages.log, moved from the signal onto the run's time axis. */
class ShutdownPhasesTest {

    @Test
    void everyPhaseLineCountsFromSigterm(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("messages.log");
        Files.writeString(
                log,
                String.join(
                        "\n",
                        "[12/8/26, 0:26:14:038 UTC] 00000092 io.quiesce.lifecycle I event=shutdown.signal"
                                + " trigger=SIGTERM in_flight=1 deadline=38000 delay=0 drain_timeout=25000",
                        "[12/8/26, 0:26:14:069 UTC] 00000092 io.quiesce.lifecycle I event=shutdown.phase"
                                + " phase=delay start_ms=31 duration_ms=0 granted_ms=0 outcome=COMPLETED in_flight=1",
                        "[12/8/26, 0:26:15:670 UTC] 00000092 io.quiesce.lifecycle I event=shutdown.phase"
                                + " phase=http-drain start_ms=31 duration_ms=1600 granted_ms=25000 outcome=TIMED_OUT",
                        "[12/8/26, 0:26:16:379 UTC] 00000092 io.quiesce.lifecycle W event=shutdown.phase"
                                + " phase=workflow start_ms=1657 duration_ms=683 granted_ms=5000 outcome=COMPLETED"
                                + " drained=1"));

        assertThat(ShutdownPhases.read(log, 50_000))
                .containsExactly(
                        new Timeline.AppPhase("delay", 50_031, 0, "COMPLETED"),
                        new Timeline.AppPhase("http-drain", 50_031, 1600, "TIMED_OUT"),
                        new Timeline.AppPhase("workflow", 51_657, 683, "COMPLETED"));
    }

    @Test
    void noSigtermOrNoLogMeansNoPhases(@TempDir Path dir) {
        assertThat(ShutdownPhases.read(dir.resolve("messages.log"), 50_000)).isEmpty();
        assertThat(ShutdownPhases.read(dir, -1)).isEmpty();
    }
}
