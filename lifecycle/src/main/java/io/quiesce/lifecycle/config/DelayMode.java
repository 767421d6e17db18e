package io.quiesce.lifecycle.config;

import java.util.Locale;
import java.util.Optional;

/** How the pre-drain delay decides when the endpoint removal has propagated. */
public enum DelayMode {
    /** The whole {@code quiesce.shutdown.delay}, whatever the traffic does. */
    FIXED,
    /** At least the minimum, then until no new connection arrived for the quiet period, at most the delay. */
    TRAFFIC;

    public static final String ALLOWED = "fixed or traffic";

    public static Optional<DelayMode> parse(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        for (DelayMode mode : values()) {
            if (mode.value().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
