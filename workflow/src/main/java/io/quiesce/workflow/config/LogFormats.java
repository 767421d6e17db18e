package io.quiesce.workflow.config;

import io.quiesce.lifecycle.log.LogFormat;
import org.eclipse.microprofile.config.Config;

/** The kernel's {@code quiesce.log.format}, so that this module's event lines look like the kernel's (the kernel validates it). */
public final class LogFormats {

    public static final String PROPERTY = "quiesce.log.format";

    private LogFormats() {
    }

    public static LogFormat from(Config config) {
        if (config == null) {
            return LogFormat.TEXT;
        }
        return config.getOptionalValue(PROPERTY, String.class).flatMap(LogFormat::parse).orElse(LogFormat.TEXT);
    }
}
