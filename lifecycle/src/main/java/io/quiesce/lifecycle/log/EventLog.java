package io.quiesce.lifecycle.log;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One line per event, through java.util.logging so that Liberty routes it to messages.log and the console. In the
 * JSON format the line stays the readable text and every field also becomes a field of Liberty's JSON record
 * ({@code ext_event}, {@code ext_<key>}, strings), next to the current trace's ids ({@link LogContext}).
 */
public final class EventLog {

    private final Logger logger;
    private final LogFormat format;

    public EventLog(Logger logger, LogFormat format) {
        this.logger = logger;
        this.format = format;
        if (format == LogFormat.JSON) {
            LogContext.registerTraceFields();
        }
    }

    public static EventLog named(String name, LogFormat format) {
        return new EventLog(Logger.getLogger(name), format);
    }

    public static Map<String, Object> fields(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields need key/value pairs");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return fields;
    }

    public void info(String event, Map<String, ?> fields) {
        log(Level.INFO, event, fields);
    }

    public void warn(String event, Map<String, ?> fields) {
        log(Level.WARNING, event, fields);
    }

    public void error(String event, Map<String, ?> fields) {
        log(Level.SEVERE, event, fields);
    }

    private void log(Level level, String event, Map<String, ?> fields) {
        if (!logger.isLoggable(level)) {
            return;
        }
        Map<String, Object> all = all(event, fields);
        if (format == LogFormat.JSON) {
            LogContext.withFields(jsonFields(all), () -> logger.log(level, text(all)));
        } else {
            logger.log(level, text(all));
        }
    }

    /** The line as written, {@code event=name key=value ...}: also the format of the tools' own lines. */
    public static String render(String event, Map<String, ?> fields) {
        return text(all(event, fields));
    }

    /** The fields Liberty's JSON record gets (it prefixes them with {@code ext_}). */
    static Map<String, String> jsonFields(Map<String, Object> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    static Map<String, Object> all(String event, Map<String, ?> fields) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("event", event);
        fields.forEach((k, v) -> all.put(k, v instanceof Duration d ? d.toMillis() : v));
        return all;
    }

    private static String text(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append(' ');
            }
            String value = String.valueOf(v).replace("\n", "\\n").replace("\r", "\\r");
            boolean quote =
                    value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '=');
            out.append(k).append('=').append(quote ? '"' + value.replace("\"", "\\\"") + '"' : value);
        });
        return out.toString();
    }

    /** With the root cause, which is usually what an operator needs; first lines only, as Flyway's messages run long. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String first = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
        return root == e
                ? first
                : first + " (cause: " + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage()) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).trim();
    }
}
