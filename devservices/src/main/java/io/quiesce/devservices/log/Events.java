package io.quiesce.devservices.log;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The service's own {@code event=name key=value} format, so that the launcher's lines grep together with the server's. */
public final class Events {

    private Events() {}

    public static void info(Logger logger, String event, Object... keysAndValues) {
        log(logger, Level.INFO, event, keysAndValues);
    }

    public static void warn(Logger logger, String event, Object... keysAndValues) {
        log(logger, Level.WARNING, event, keysAndValues);
    }

    public static void error(Logger logger, String event, Object... keysAndValues) {
        log(logger, Level.SEVERE, event, keysAndValues);
    }

    private static void log(Logger logger, Level level, String event, Object... keysAndValues) {
        if (logger.isLoggable(level)) {
            // The logger's name as the source, rather than this helper, which is what java.util.logging would infer.
            logger.logp(level, logger.getName(), null, render(event, keysAndValues));
        }
    }

    public static String render(String event, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("event fields need key/value pairs: " + event);
        }
        StringBuilder line = new StringBuilder("event=").append(event);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            line.append(' ').append(keysAndValues[i]).append('=').append(value(keysAndValues[i + 1]));
        }
        return line.toString();
    }

    private static String value(Object raw) {
        String value = String.valueOf(raw).replace("\n", "\\n").replace("\r", "\\r");
        boolean quote =
                value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '=');
        return quote ? '"' + value.replace("\"", "\\\"") + '"' : value;
    }
}
