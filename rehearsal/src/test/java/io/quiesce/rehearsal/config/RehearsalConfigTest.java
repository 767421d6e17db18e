package io.quiesce.rehearsal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shipped overlays read with real kustomize, as the rehearsal runs them. */
class RehearsalConfigTest {

    private static final String ROOT =
            Path.of("..").toAbsolutePath().normalize().toString();

    @Test
    void theDeploymentOverlaySleepsInPreStopAndGivesTheAppItsGracePeriodAfterIt() {
        RehearsalConfig config = config(Map.of("quiesce.rehearsal.overlay", "kubernetes/overlays/deployment"));

        assertThat(config.replicas()).isEqualTo(2);
        assertThat(config.maxSurge()).isEqualTo(1);
        assertThat(config.maxUnavailable()).isZero();
        assertThat(config.gracePeriod()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.preStopSleep()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.appBudget().delay()).isZero();
        assertThat(config.readiness().orElseThrow())
                .isEqualTo(new ProbeSpec(
                        "readiness",
                        "/health/ready",
                        Duration.ZERO,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        2,
                        1));
        assertThat(config.startup().orElseThrow().failureThreshold()).isEqualTo(90);
        assertThat(config.environment()).containsEntry("QUIESCE_SHUTDOWN_GRACE_PERIOD", "40s");
    }

    @Test
    void theOperatorOverlayHasNoPreStopAndKubernetesDefaultGracePeriod() {
        RehearsalConfig config = config(Map.of("quiesce.rehearsal.overlay", "kubernetes/overlays/operator"));

        assertThat(config.gracePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.preStopSleep()).isZero();
        assertThat(config.appBudget().delay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everyNumberCanBeOverridden() {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "quiesce.rehearsal.replicas",
                "3",
                "quiesce.rehearsal.max-surge",
                "2",
                "quiesce.rehearsal.termination-grace-period",
                "60s",
                "quiesce.rehearsal.readiness.period",
                "1s",
                "quiesce.rehearsal.readiness.failure-threshold",
                "5",
                "quiesce.rehearsal.rate",
                "80",
                "quiesce.rehearsal.env.QUIESCE_SHUTDOWN_DELAY",
                "3s"));
        RehearsalConfig config =
                RehearsalConfig.from(source(overrides), List.of("quiesce.rehearsal.env.QUIESCE_SHUTDOWN_DELAY"));

        assertThat(config.replicas()).isEqualTo(3);
        assertThat(config.maxSurge()).isEqualTo(2);
        assertThat(config.gracePeriod()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.readiness().orElseThrow().period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.readiness().orElseThrow().failureThreshold()).isEqualTo(5);
        assertThat(config.rate()).isEqualTo(80);
        assertThat(config.appBudget().delay()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aRateInPerCentIsAShareOfTheCapacityMeasuredFirst() {
        RehearsalConfig config = config(Map.of("quiesce.rehearsal.rate", "80%"));

        assertThat(config.capacity().measured()).isTrue();
        assertThat(config.capacity().percent()).isEqualTo(80);
        assertThat(config.capacity().known()).isZero();
        assertThat(config.capacity().step()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.capacity().p99()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.capacity().rateFor(410)).isEqualTo(328);
        assertThat(config.withRate(328).rate()).isEqualTo(328);
        assertThat(config(Map.of("quiesce.rehearsal.rate", "150%", "quiesce.rehearsal.capacity", "400"))
                        .capacity()
                        .known())
                .isEqualTo(400);
        assertThat(config(Map.of("quiesce.rehearsal.rate", "50")).capacity().measured())
                .isFalse();
    }

    @Test
    void aBadValueNamesItsPropertyAndTheAllowedValues() {
        assertThatThrownBy(() -> config(Map.of("quiesce.rehearsal.rate", "fast")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.rehearsal.rate")
                .hasMessageContaining("1% to 1000%");
        assertThatThrownBy(() -> config(Map.of("quiesce.rehearsal.rate", "0%")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.rehearsal.rate");
        assertThatThrownBy(
                        () -> config(Map.of("quiesce.rehearsal.rate", "80%", "quiesce.rehearsal.capacity-step", "1s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.rehearsal.capacity-step");
        assertThatThrownBy(() -> config(Map.of("quiesce.rehearsal.overlay", "no/such/overlay")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.rehearsal.overlay");
        assertThatThrownBy(() -> config(Map.of("quiesce.rehearsal.max-surge", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("max-surge");
        assertThatThrownBy(() -> config(Map.of("quiesce.rehearsal.schedule-every", "7s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.rehearsal.schedule-every");
    }

    @Test
    void theOverlaysResourcesSizeThePods() {
        RehearsalConfig config = config(Map.of("quiesce.rehearsal.overlay", "kubernetes/overlays/deployment"));

        assertThat(config.resources()).isEqualTo(new PodResources(500, 2000, 768L * 1024 * 1024, true));
    }

    private static RehearsalConfig config(Map<String, String> properties) {
        return RehearsalConfig.from(source(properties), List.of());
    }

    private static java.util.function.Function<String, Optional<String>> source(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.putIfAbsent("quiesce.rehearsal.root", ROOT);
        all.putIfAbsent("quiesce.rehearsal.wlp", ROOT + "/server/target/liberty/wlp");
        all.putIfAbsent("quiesce.rehearsal.output", "target/rehearsal-test");
        all.putIfAbsent("quiesce.rehearsal.version", "0.3.0-SNAPSHOT");
        return key -> Optional.ofNullable(all.get(key));
    }
}
