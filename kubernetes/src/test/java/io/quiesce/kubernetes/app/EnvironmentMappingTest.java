package io.quiesce.kubernetes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentMappingTest {

    @Test
    void triesExactThenSanitizedThenUpperCase() {
        assertThat(EnvironmentMapping.candidates("quiesce.shutdown.drain-timeout"))
                .containsExactly(
                        "quiesce.shutdown.drain-timeout",
                        "quiesce_shutdown_drain_timeout",
                        "QUIESCE_SHUTDOWN_DRAIN_TIMEOUT");
    }

    @Test
    void anEarlierCandidateWins() {
        Map<String, String> environment = Map.of("QUIESCE_SHUTDOWN_DELAY", "5s", "quiesce_shutdown_delay", "1s");

        assertThat(EnvironmentMapping.lookup(environment, "quiesce.shutdown.delay"))
                .contains("1s");
        assertThat(EnvironmentMapping.lookup(environment, "quiesce.shutdown.margin"))
                .isEmpty();
    }
}
