package io.quiesce.lifecycle.config;

public final class WholeNumbers {

    private WholeNumbers() {}

    public static int parse(String property, String raw, int min, int max) {
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw ConfigException.invalid(property, raw, "a whole number from " + min + " to " + max);
    }
}
