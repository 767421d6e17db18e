package io.quiesce.lifecycle.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one module's {@code quiesce.*} properties. Typed values are parsed here because MicroProfile Config's converters
 * cannot name the property they fail on.
 */
public final class ConfigReader {

    private final Function<String, Optional<String>> source;
    private final String module;

    public ConfigReader(Function<String, Optional<String>> source, String module) {
        this.source = source;
        this.module = module;
    }

    public String require(String property) {
        return source.apply(property)
                .filter(v -> !v.isBlank())
                .orElseThrow(
                        () -> new ConfigException(
                                "Missing configuration " + property + ": its default lives in " + module
                                        + "'s META-INF/microprofile-config.properties; set the property or restore that file."));
    }

    public Optional<String> optional(String property) {
        return source.apply(property).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String matching(String property, Pattern pattern, String allowed) {
        String value = require(property).trim();
        if (!pattern.matcher(value).matches()) {
            throw ConfigException.invalid(property, value, allowed);
        }
        return value;
    }

    public Duration duration(String property, Duration min, Duration max) {
        return Durations.parse(property, require(property), min, max);
    }

    public int wholeNumber(String property, int min, int max) {
        return WholeNumbers.parse(property, require(property), min, max);
    }
}
