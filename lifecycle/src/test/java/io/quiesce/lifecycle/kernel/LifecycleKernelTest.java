package io.quiesce.lifecycle.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.http.InFlightTracker;
import io.quiesce.lifecycle.shutdown.LifecycleState;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kernel's own wiring, without a server: participant order, the READY transition and fail-fast start. */
class LifecycleKernelTest {

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("quiesce.shutdown.delay.mode", "fixed"),
            Map.entry("quiesce.shutdown.delay.minimum", "2s"),
            Map.entry("quiesce.shutdown.delay.quiet-period", "2s"),
            Map.entry("quiesce.shutdown.grace-period", "30s"),
            Map.entry("quiesce.shutdown.margin", "2s"),
            Map.entry("quiesce.shutdown.delay", "5s"),
            Map.entry("quiesce.shutdown.drain-timeout", "15s"),
            Map.entry("quiesce.log.format", "text"),
            Map.entry("quiesce.telemetry.shutdown-budget", "2s"),
            Map.entry("quiesce.streams.max-open", "200"),
            Map.entry("quiesce.streams.reconnect-delay", "1s"),
            Map.entry("quiesce.streams.heartbeat", "15s"),
            Map.entry("quiesce.registry.timeout", "2s"),
            Map.entry("quiesce.registry.eureka.action", "out-of-service"));

    private final List<String> started = new ArrayList<>();
    private final LifecycleKernel kernel = new LifecycleKernel();

    @AfterEach
    void giveSigtermBack() {
        kernel.applicationStopping();
    }

    private class Participant implements LifecycleParticipant {
        private final String name;
        private final Set<String> dependsOn;
        private volatile Runnable started;

        Participant(String name, String... dependsOn) {
            this.name = name;
            this.dependsOn = Set.of(dependsOn);
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
            return Duration.ofSeconds(1);
        }

        @Override
        public void start(Runnable started) {
            LifecycleKernelTest.this.started.add(name);
            this.started = started;
        }

        void reportStarted() {
            started.run();
        }

        @Override
        public Map<String, Long> stop(Duration timeLeft) {
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    private void wire(Supplier<Stream<LifecycleParticipant>> participants) {
        Config config = mock(Config.class);
        when(config.getOptionalValue(anyString(), eq(String.class)))
                .thenAnswer(call -> Optional.ofNullable(DEFAULTS.get(call.<String>getArgument(0))));
        Instance<LifecycleParticipant> beans = mock(Instance.class);
        when(beans.stream()).thenAnswer(call -> participants.get());
        kernel.config = config;
        kernel.participantBeans = beans;
        kernel.beans = mock(BeanManager.class);
    }

    @Test
    void startsParticipantsAfterWhatTheyDependOnAndIsReadyOnceAllHaveStarted() {
        Participant jobs = new Participant("jobs", "database", "workflow");
        Participant workflow = new Participant("workflow", "database");
        Participant database = new Participant("database");
        wire(() -> Stream.of(jobs, workflow, database));

        kernel.start(new InFlightTracker(), getClass().getClassLoader());

        assertThat(started).containsExactly("database", "workflow", "jobs");
        assertThat(kernel.status().state()).isEqualTo(LifecycleState.STARTING);
        assertThat(kernel.pendingParticipants()).containsExactly("database", "workflow", "jobs");
        database.reportStarted();
        workflow.reportStarted();
        workflow.reportStarted();
        assertThat(kernel.status().state()).isEqualTo(LifecycleState.STARTING);
        assertThat(kernel.pendingParticipants()).containsExactly("jobs");
        assertThat(kernel.startupComplete()).isFalse();
        jobs.reportStarted();
        assertThat(kernel.status().state()).isEqualTo(LifecycleState.READY);
        assertThat(kernel.startupComplete()).isTrue();
        assertThat(kernel.pendingParticipants()).isEmpty();
    }

    @Test
    void participantsThatStartAtOnceMakeTheApplicationReadyOnlyWhenItHasStarted() {
        Participant database = new Participant("database") {
            @Override
            public void start(Runnable started) {
                started.run();
                assertThat(kernel.status().state()).isEqualTo(LifecycleState.STARTING);
            }
        };
        wire(() -> Stream.of(database));

        kernel.start(new InFlightTracker(), getClass().getClassLoader());

        assertThat(kernel.status().state()).isEqualTo(LifecycleState.READY);
        assertThat(kernel.startupComplete()).isTrue();
    }

    @Test
    void aParticipantWhoseConfigurationIsInvalidStopsTheStartWithItsMessage() {
        ConfigException invalid =
                ConfigException.invalid("quiesce.jobs.thread-count", "0", "a whole number from 1 to 64");
        // CDI constructs a participant, and so reads its configuration, on the first call through its proxy.
        wire(() -> Stream.of(new Participant("database") {
            @Override
            public String name() {
                throw new IllegalStateException("could not create the bean", invalid);
            }
        }));

        assertThatThrownBy(() -> kernel.start(new InFlightTracker(), getClass().getClassLoader()))
                .isSameAs(invalid);
        assertThat(started).isEmpty();
    }

    @Test
    void aDependencyCycleStopsTheStartBeforeAnyParticipantStarts() {
        wire(() -> Stream.of(new Participant("a", "b"), new Participant("b", "a")));

        assertThatThrownBy(() -> kernel.start(new InFlightTracker(), getClass().getClassLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cycle");
        assertThat(started).isEmpty();
    }
}
