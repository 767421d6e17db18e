package io.quiesce.lifecycle.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bare number other than 0 is rejected because its unit would be a guess. */
public final class Durations {

    public static final String SYNTAX = "a duration such as 500ms, 5s, 2m, 1h, 30d or PT5S";

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String property, String raw) {
        String value = raw.trim();
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SIMPLE.matcher(value);
        Duration parsed;
        if (m.matches()) {
            long amount = parseAmount(property, raw, m.group(1));
            parsed = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                parsed = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw ConfigException.invalid(property, raw, SYNTAX);
            }
        }
        if (parsed.isNegative()) {
            throw ConfigException.invalid(property, raw, "a non-negative duration");
        }
        return parsed;
    }

    public static Duration parse(String property, String raw, Duration min, Duration max) {
        Duration value = parse(property, raw);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw ConfigException.invalid(property, raw, "from " + format(min) + " to " + format(max));
        }
        return value;
    }

    public static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static long parseAmount(String property, String raw, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(property, raw, SYNTAX);
        }
    }
}
