package io.quiesce.lifecycle.log;

import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

public enum LogFormat {
    TEXT,
    JSON;

    /** Read by every module so that their lines look alike; the kernel validates it at start. */
    public static final String PROPERTY = "quiesce.log.format";

    /** As configured, TEXT when unset; an invalid value fails the kernel's start, not here. */
    public static LogFormat from(Config config) {
        if (config == null) {
            return TEXT;
        }
        return config.getOptionalValue(PROPERTY, String.class)
                .flatMap(LogFormat::parse)
                .orElse(TEXT);
    }

    public static Optional<LogFormat> parse(String value) {
        for (LogFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(value.trim())) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
