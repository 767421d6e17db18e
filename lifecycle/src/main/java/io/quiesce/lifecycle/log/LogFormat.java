package io.quiesce.lifecycle.log;

import java.util.Locale;
import java.util.Optional;

/** How {@link EventLog} renders an event: {@code key=value} pairs or one JSON object per line. */
public enum LogFormat {
    TEXT,
    JSON;

    public static Optional<LogFormat> parse(String value) {
        for (LogFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(value.trim())) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
