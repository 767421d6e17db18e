package io.quiesce.lifecycle.config;

/** Invalid configuration; the message names the property, the value and what is allowed, and stops the application's start. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public static ConfigException invalid(String property, String raw, String allowed) {
        return new ConfigException(
                "Invalid configuration " + property + "='" + raw + "': allowed values are " + allowed + ".");
    }
}
