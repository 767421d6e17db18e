package io.quiesce.lifecycle.log;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One line per event, through java.util.logging so that Liberty routes it to messages.log and the console. */
public final class EventLog {

    private final Logger logger;
    private final LogFormat format;

    public EventLog(Logger logger, LogFormat format) {
        this.logger = logger;
        this.format = format;
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
        if (logger.isLoggable(level)) {
            logger.log(level, render(event, fields));
        }
    }

    public String render(String event, Map<String, ?> fields) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("event", event);
        fields.forEach((k, v) -> all.put(k, v instanceof Duration d ? d.toMillis() : v));
        return format == LogFormat.JSON ? json(all) : text(all);
    }

    private static String text(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append(' ');
            }
            String value = String.valueOf(v).replace("\n", "\\n").replace("\r", "\\r");
            boolean quote = value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '=');
            out.append(k).append('=').append(quote ? '"' + value.replace("\"", "\\\"") + '"' : value);
        });
        return out.toString();
    }

    private static String json(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(escape(k)).append("\":");
            if (v instanceof Number || v instanceof Boolean) {
                out.append(v);
            } else {
                out.append('"').append(escape(String.valueOf(v))).append('"');
            }
        });
        return out.append('}').toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** With the root cause, which is usually what an operator needs; first lines only, as Flyway's messages run long. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String first = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
        return root == e ? first : first + " (cause: " + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage()) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).trim();
    }
}
