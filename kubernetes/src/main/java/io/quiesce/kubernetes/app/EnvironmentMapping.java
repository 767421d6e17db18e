package io.quiesce.kubernetes.app;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a property name is looked up in the environment, by MicroProfile Config's environment source and, identically, by
 * Liberty for server.xml variables: the exact name, then every non-alphanumeric character replaced by {@code _}, then
 * that upper-cased ({@code quiesce.shutdown.delay} is read from {@code QUIESCE_SHUTDOWN_DELAY}).
 */
public final class EnvironmentMapping {

    private EnvironmentMapping() {}

    public static List<String> candidates(String propertyName) {
        String sanitized = propertyName.replaceAll("[^A-Za-z0-9]", "_");
        return List.of(propertyName, sanitized, sanitized.toUpperCase(Locale.ROOT));
    }

    public static Optional<String> lookup(Map<String, String> environment, String propertyName) {
        return candidates(propertyName).stream()
                .filter(environment::containsKey)
                .findFirst()
                .map(environment::get);
    }
}
