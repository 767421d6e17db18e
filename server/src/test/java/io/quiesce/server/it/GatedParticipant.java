package io.quiesce.server.it;

import io.quiesce.lifecycle.spi.LifecycleParticipant;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** A participant whose start the test completes by hand, to observe the STARTING state from outside. */
@ApplicationScoped
public class GatedParticipant implements LifecycleParticipant {

    private final AtomicBoolean started = new AtomicBoolean();

    @Override
    public String name() {
        return "it-gate";
    }

    @Override
    public Duration budget() {
        return Duration.ofSeconds(1);
    }

    @Override
    public boolean isStarted() {
        return started.get();
    }

    void open() {
        started.set(true);
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) {
        return Map.of();
    }
}
