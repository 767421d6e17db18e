package io.quiesce.lifecycle.shutdown;

import io.quiesce.lifecycle.spi.LifecycleParticipant;
import io.quiesce.lifecycle.time.FakeTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A participant that spends a scripted amount of fake time in stop() and writes what happened to a shared journal. */
final class ScriptedParticipant implements LifecycleParticipant {

    private final String name;
    private final Set<String> dependsOn;
    private final Duration budget;
    private final Duration takes;
    private final RuntimeException failure;
    private final FakeTime time;
    private final List<String> journal;
    private final LifecycleStatus status;
    Duration grantedTimeLeft;

    ScriptedParticipant(
            String name,
            Set<String> dependsOn,
            Duration budget,
            Duration takes,
            RuntimeException failure,
            FakeTime time,
            List<String> journal,
            LifecycleStatus status) {
        this.name = name;
        this.dependsOn = dependsOn;
        this.budget = budget;
        this.takes = takes;
        this.failure = failure;
        this.time = time;
        this.journal = journal;
        this.status = status;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> dependsOn() {
        return dependsOn;
    }

    @Override
    public Duration budget() {
        return budget;
    }

    @Override
    public void stopIntake() {
        journal.add("intake:" + name + ":" + status.state());
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) {
        grantedTimeLeft = timeLeft;
        journal.add("stop:" + name + ":" + status.state());
        time.advance(takes);
        if (failure != null) {
            throw failure;
        }
        return Map.of("completed", 1L);
    }
}
