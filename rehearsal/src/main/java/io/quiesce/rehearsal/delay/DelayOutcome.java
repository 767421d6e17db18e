package io.quiesce.rehearsal.delay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pod's pre-drain delay as its own report line says ({@code event=shutdown.phase phase=delay ...}, the same in the
 * text and the JSON log, whose message keeps the text).
 *
 * @param lastNewConnectionMillis from the signal; -1 when no new connection arrived
 * @param quietMillis             the quiet period the traffic-aware delay applied; -1 for a fixed delay
 */
public record DelayOutcome(
        String pod,
        long millis,
        String endedBy,
        String mode,
        long newConnections,
        long lastNewConnectionMillis,
        long quietMillis) {

    /** How an earlier release's delay ended: its line does not say. */
    public static final String UNREPORTED = "unreported";

    private static final Pattern LINE = Pattern.compile("event=shutdown\\.phase phase=delay [^\"\\n]*");

    /** Empty when the log has no delay line (the pod was not shut down by SIGTERM, or its log is gone). */
    public static Optional<DelayOutcome> read(String pod, Path messagesLog) {
        if (!Files.isRegularFile(messagesLog)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(messagesLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines.stream()
                .map(LINE::matcher)
                .filter(Matcher::find)
                .map(Matcher::group)
                .reduce((first, second) -> second)
                .map(line -> new DelayOutcome(
                        pod,
                        number(line, "duration_ms"),
                        // A release before the traffic-aware delay says neither: its delay was fixed.
                        word(line, "ended_by").isEmpty() ? UNREPORTED : word(line, "ended_by"),
                        word(line, "mode").isEmpty() ? "fixed" : word(line, "mode"),
                        number(line, "new_connections"),
                        number(line, "last_new_connection_ms"),
                        number(line, "quiet_ms")));
    }

    private static long number(String line, String key) {
        String value = word(line, key);
        return value.matches("\\d+") ? Long.parseLong(value) : -1;
    }

    private static String word(String line, String key) {
        Matcher m = Pattern.compile("\\b" + key + "=([A-Za-z0-9_-]+)").matcher(line);
        return m.find() ? m.group(1) : "";
    }
}
