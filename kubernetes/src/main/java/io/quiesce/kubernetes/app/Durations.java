package io.quiesce.kubernetes.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax of the lifecycle kernel's settings: {@code 0}, a whole number with a unit ({@code 500ms},
 * {@code 5s}, {@code 2m}, {@code 1h}) or ISO-8601 ({@code PT5S}). A bare number other than 0 is rejected: its unit
 * would be a guess.
 */
public final class Durations {

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String key, String value) {
        String text = value == null ? "" : value.trim();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = WITH_UNIT.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(key + ": not a duration: '" + value + "'", e);
            }
        }
        throw new IllegalArgumentException(key + ": not a duration: '" + value + "' (use 0, 500ms, 5s, 2m or PT5S)");
    }

    /** Human form used in messages: whole seconds when exact, else milliseconds. */
    public static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
