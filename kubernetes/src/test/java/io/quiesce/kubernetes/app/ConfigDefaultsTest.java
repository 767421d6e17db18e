package io.quiesce.kubernetes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.kubernetes.Repository;
import io.quiesce.lifecycle.config.DelayPolicy;
import io.quiesce.lifecycle.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDefaultsTest {

    @TempDir
    Path repository;

    @Test
    void readsTheKernelDefaultsFromTheRepository() {
        ConfigDefaults defaults = ConfigDefaults.discover(Repository.root());

        for (String key : new String[] {
            AppShutdownBudget.GRACE_PERIOD,
            AppShutdownBudget.MARGIN,
            AppShutdownBudget.DELAY,
            AppShutdownBudget.DRAIN_TIMEOUT
        }) {
            assertThat(defaults.keys()).contains(key);
            Durations.parse(key, defaults.value(key));
        }
    }

    @Test
    void sumsTheShutdownBudgetsOfEveryModuleAndLetsTheEnvironmentOverrideThem() throws IOException {
        module(
                "lifecycle",
                "config_ordinal=50\nquiesce.shutdown.grace-period=30s\nquiesce.shutdown.margin=2s\n"
                        + "quiesce.shutdown.delay=5s\nquiesce.shutdown.drain-timeout=15s\n"
                        + "quiesce.shutdown.delay.mode=fixed\nquiesce.shutdown.delay.minimum=2s\n"
                        + "quiesce.shutdown.delay.quiet-period=2s\n");
        module("jobs", "quiesce.jobs.shutdown-budget=5s\n");
        module("nested/workflow", "quiesce.workflow.shutdown-budget=PT3S\n");
        module("target/stale", "quiesce.stale.shutdown-budget=99s\n");

        ConfigDefaults defaults = ConfigDefaults.discover(repository);
        AppShutdownBudget settings = AppShutdownBudget.resolve(defaults, Map.of("QUIESCE_JOBS_SHUTDOWN_BUDGET", "1s"));

        assertThat(defaults.shutdownBudgetKeys())
                .containsExactly("quiesce.jobs.shutdown-budget", "quiesce.workflow.shutdown-budget");
        assertThat(settings.participantTotal()).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.delay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.delayPolicy()).isEqualTo(DelayPolicy.fixed());
        assertThat(AppShutdownBudget.resolve(
                                defaults,
                                Map.of(
                                        "QUIESCE_SHUTDOWN_DELAY_MODE",
                                        "traffic",
                                        "QUIESCE_SHUTDOWN_DELAY_MINIMUM",
                                        "1s"))
                        .delayPolicy())
                .isEqualTo(DelayPolicy.traffic(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    @Test
    void theHigherOrdinalWinsAndATieWithDifferentValuesIsAnError() throws IOException {
        module("lifecycle", "config_ordinal=50\nquiesce.shutdown.delay=5s\n");
        module("server", "quiesce.shutdown.delay=1s\n");
        assertThat(ConfigDefaults.discover(repository).value(AppShutdownBudget.DELAY))
                .isEqualTo("1s");

        module("api", "quiesce.shutdown.delay=2s\n");
        assertThatThrownBy(() -> ConfigDefaults.discover(repository)).hasMessageContaining("same ordinal");
    }

    private void module(String path, String properties) throws IOException {
        Path file = repository.resolve(path).resolve(ConfigDefaults.FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, properties);
    }
}
