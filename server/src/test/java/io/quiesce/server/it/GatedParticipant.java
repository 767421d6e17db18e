package io.quiesce.server.it;

import io.quiesce.lifecycle.spi.LifecycleParticipant;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** A participant whose start the test completes by hand, to observe the STARTING state from outside. */
@ApplicationScoped
public class GatedParticipant implements LifecycleParticipant {

    private final AtomicReference<Runnable> started = new AtomicReference<>();

    @Override
    public String name() {
        return "it-gate";
    }

    @Override
    public Duration budget() {
        return Duration.ofSeconds(1);
    }

    /** Holds the application's start until the test opens the gate. */
    @Override
    public void start(Runnable started) {
        this.started.set(started);
    }

    void open() {
        started.get().run();
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) {
        return Map.of();
    }
}
