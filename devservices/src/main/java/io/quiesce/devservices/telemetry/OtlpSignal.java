package io.quiesce.devservices.telemetry;

import java.util.Arrays;
import java.util.Optional;

/** The three OTLP/HTTP export paths; each signal's requests are persisted in a directory of its name. */
public enum OtlpSignal {
    TRACES("traces"),
    METRICS("metrics"),
    LOGS("logs");

    private final String directory;

    OtlpSignal(String directory) {
        this.directory = directory;
    }

    public String path() {
        return "/v1/" + directory;
    }

    public String directory() {
        return directory;
    }

    static Optional<OtlpSignal> ofPath(String path) {
        return Arrays.stream(values()).filter(s -> s.path().equals(path)).findFirst();
    }
}
