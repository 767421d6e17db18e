package io.quiesce.rehearsal.rollout;

import io.quiesce.rehearsal.report.Timeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pod's own shutdown phases, from its {@code event=shutdown.phase} lines (the same in the text and the JSON log, whose
 * message keeps the text): each starts {@code start_ms} after the signal, which is the rehearsal's SIGTERM.
 */
final class ShutdownPhases {

    private static final Pattern LINE =
            Pattern.compile("event=shutdown\\.phase phase=([A-Za-z0-9_.:-]+) start_ms=(\\d+) duration_ms=(\\d+)"
                    + " granted_ms=\\d+ outcome=([A-Za-z0-9_-]+)");

    private ShutdownPhases() {}

    /** In run time ({@code sigtermMillis} + the phase's start); empty when the log is gone or has no such line. */
    static List<Timeline.AppPhase> read(Path messagesLog, long sigtermMillis) {
        if (sigtermMillis < 0 || !Files.isRegularFile(messagesLog)) {
            return List.of();
        }
        try (var lines = Files.lines(messagesLog)) {
            return lines.map(LINE::matcher)
                    .filter(Matcher::find)
                    .map(m -> new Timeline.AppPhase(
                            m.group(1),
                            sigtermMillis + Long.parseLong(m.group(2)),
                            Long.parseLong(m.group(3)),
                            m.group(4)))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }
}
