package io.quiesce.devservices.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryArchiveTest {

    @TempDir
    Path dir;

    @Test
    void namesFilesInArrivalOrderAndKeepsOnlyTheNewestOfEachSignal() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T18:19:45.123Z"), ZoneOffset.UTC);
        TelemetryArchive archive = TelemetryArchive.open(dir, clock);
        for (int i = 0; i < TelemetryArchive.MAX_FILES_PER_SIGNAL + 2; i++) {
            archive.write(OtlpSignal.METRICS, new byte[] {(byte) i});
        }
        Path logs = archive.write(OtlpSignal.LOGS, new byte[] {1});

        List<Path> metrics = TelemetryArchive.list(dir.resolve("metrics"));
        assertThat(metrics).hasSize(TelemetryArchive.MAX_FILES_PER_SIGNAL);
        assertThat(metrics.get(0).getFileName()).hasToString("20261201T181945.123Z-000003.binpb");
        assertThat(logs.getFileName()).hasToString("20261201T181945.123Z-001003.binpb");
        try (var entries = Files.list(dir.resolve("metrics"))) {
            assertThat(entries).as("no temporary file left behind").hasSize(TelemetryArchive.MAX_FILES_PER_SIGNAL);
        }

        // A restarted launcher prunes what the earlier one left, oldest first.
        Files.write(dir.resolve("metrics").resolve("20261130T000000.000Z-000001.binpb"), new byte[0]);
        TelemetryArchive.open(dir, clock);
        assertThat(TelemetryArchive.list(dir.resolve("metrics")))
                .hasSize(TelemetryArchive.MAX_FILES_PER_SIGNAL)
                .first()
                .isEqualTo(metrics.get(0));
    }

    @Test
    void readsNoSpansFromADirectoryThatDoesNotExist() {
        assertThat(TelemetryArchive.readSpans(dir.resolve("absent"))).isEmpty();
    }
}
