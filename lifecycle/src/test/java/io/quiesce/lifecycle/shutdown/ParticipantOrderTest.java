package io.quiesce.lifecycle.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.spi.LifecycleParticipant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParticipantOrderTest {

    private static LifecycleParticipant participant(String name, String... dependsOn) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<String> dependsOn() {
                return Set.of(dependsOn);
            }

            @Override
            public Duration budget() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Map<String, Long> stop(Duration timeLeft) {
                return Map.of();
            }
        };
    }

    private static List<String> names(List<LifecycleParticipant> participants) {
        return participants.stream().map(LifecycleParticipant::name).toList();
    }

    private final List<LifecycleParticipant> application = List.of(
            participant("jobs", "database", "workflow"), participant("workflow", "database"),
            participant("pools"), participant("database"));

    @Test
    void startsWhatOthersDependOnFirst() {
        assertThat(names(ParticipantOrder.forStart(application)))
                .containsExactly("database", "pools", "workflow", "jobs");
    }

    @Test
    void stopsTheUsersFirst() {
        assertThat(names(ParticipantOrder.forStop(application)))
                .containsExactly("jobs", "pools", "workflow", "database");
    }

    @Test
    void independentParticipantsGoInNameOrderWhateverTheDiscoveryOrder() {
        List<LifecycleParticipant> shuffled = List.of(participant("c"), participant("a"), participant("b"));

        assertThat(names(ParticipantOrder.forStart(shuffled))).containsExactly("a", "b", "c");
        assertThat(names(ParticipantOrder.forStop(shuffled))).containsExactly("a", "b", "c");
    }

    @Test
    void aCycleFailsNamingItsParticipants() {
        List<LifecycleParticipant> cycle = List.of(participant("a", "b"), participant("b", "a"), participant("c"));

        assertThatThrownBy(() -> ParticipantOrder.forStart(cycle))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("shutdown participants depend on each other in a cycle: a -> b, b -> a");
        assertThatThrownBy(() -> ParticipantOrder.forStop(cycle))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void aDependencyThatIsNotDeployedFailsNamingIt() {
        assertThatThrownBy(() ->
                        ParticipantOrder.forStart(List.of(participant("jobs", "workflow"), participant("database"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "shutdown participant 'jobs' depends on 'workflow', which is not deployed; deployed: database, jobs");
    }

    @Test
    void twoParticipantsWithOneNameFail() {
        assertThatThrownBy(() -> ParticipantOrder.forStop(List.of(participant("jobs"), participant("jobs"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("two shutdown participants are named 'jobs'");
    }
}
