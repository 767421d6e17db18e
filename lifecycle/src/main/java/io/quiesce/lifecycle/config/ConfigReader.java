package io.quiesce.lifecycle.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one module's {@code quiesce.*} properties, failing with the messages every Quiesce property fails with: the
 * property, the value and the allowed values. MicroProfile Config's own converters cannot say which property they
 * convert, so typed values are parsed here.
 */
public final class ConfigReader {

    private final Function<String, Optional<String>> source;
    private final String module;

    /**
     * @param source looks a property up (MicroProfile Config in the application, a map in tests)
     * @param module the artifact whose {@code META-INF/microprofile-config.properties} holds the defaults
     */
    public ConfigReader(Function<String, Optional<String>> source, String module) {
        this.source = source;
        this.module = module;
    }

    /** A property whose default the module ships; blank counts as missing. */
    public String require(String property) {
        return source.apply(property).filter(v -> !v.isBlank())
                .orElseThrow(() -> new ConfigException("Missing configuration " + property + ": its default lives in "
                        + module + "'s META-INF/microprofile-config.properties; set the property or restore that file."));
    }

    /** A property without a default, trimmed; blank counts as unset. */
    public Optional<String> optional(String property) {
        return source.apply(property).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** {@link #require} trimmed, matching {@code pattern} entirely. */
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
