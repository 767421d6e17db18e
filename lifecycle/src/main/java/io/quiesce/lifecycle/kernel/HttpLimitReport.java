package io.quiesce.lifecycle.kernel;

import io.quiesce.lifecycle.spi.ShutdownParticipant;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;

/**
 * Puts the concurrency limit and the kernel's refusals into the shutdown report: its phase ({@code http-limit}) takes no
 * time and stops nothing, and its counts (limit, lowest and highest limit, accepted, refused by reason) appear in the
 * phase's log line and span like any participant's.
 */
@ApplicationScoped
public class HttpLimitReport implements ShutdownParticipant {

    public static final String NAME = "http-limit";

    private volatile HttpProtection protection;

    void attach(HttpProtection attached) {
        protection = attached;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration budget() {
        return Duration.ofMillis(100);
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) {
        HttpProtection p = protection;
        return p == null ? Map.of() : p.report();
    }
}
