package io.quiesce.kubernetes.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.kubernetes.Repository;
import io.quiesce.lifecycle.shutdown.LifecycleState;
import io.quiesce.lifecycle.shutdown.PhaseOutcome;
import io.quiesce.lifecycle.shutdown.ShutdownTelemetry;
import io.quiesce.lifecycle.telemetry.TelemetryNames;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The alert rules next to the dashboard, run by Prometheus' own rule engine: {@code promtool test rules} on series that
 * model a rollout's drain, a starved pod, a stuck start and an overrun drain. promtool is required (Debian package
 * {@code prometheus}; .ci/run installs it): without it this test fails with that advice, it never skips.
 */
class AlertRulesTest {

    private static final Logger LOG = Logger.getLogger(AlertRulesTest.class.getName());
    static final String PROMTOOL_PROPERTY = "quiesce.promtool";

    private final Path dashboards = Repository.module().resolve("dashboards");

    @Test
    void promtoolPassesTheRulesUnitTests() throws IOException, InterruptedException {
        Path promtool = promtool();
        Path output = Files.createTempFile("promtool-", ".out");
        try {
            Process process = new ProcessBuilder(promtool.toString(), "test", "rules", "quiesce-alerts-test.yaml")
                    .directory(dashboards.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            LOG.info(() -> "promtool test rules quiesce-alerts-test.yaml:\n" + printed);
            assertThat(finished).as("promtool finished within 60 s").isTrue();
            assertThat(process.exitValue())
                    .as("promtool test rules:%n%s", printed)
                    .isZero();
            assertThat(printed).contains("SUCCESS");
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Test
    void theRulesUseTheMetricsAndValuesTheKernelExports() throws IOException {
        String rules = Files.readString(dashboards.resolve("quiesce-alerts.yaml"));
        assertThat(rules)
                .contains(TelemetryNames.METRIC_LIFECYCLE_STATE.replace('.', '_') + "{")
                .contains(TelemetryNames.METRIC_PHASE_DURATION.replace('.', '_') + "_seconds_count{")
                .contains("quiesce_state=")
                .contains("quiesce_phase")
                .contains("quiesce_phase!=\"" + ShutdownTelemetry.EXPORT_PHASE + "\"");
        for (LifecycleState state : List.of(LifecycleState.STARTING, LifecycleState.READY, LifecycleState.DRAINING)) {
            assertThat(rules).contains("quiesce_state=\"" + state.name().toLowerCase(Locale.ROOT) + "\"");
        }
        List<String> unclean = Arrays.stream(PhaseOutcome.values())
                .filter(o -> !o.isClean())
                .map(o -> o.name().toLowerCase(Locale.ROOT))
                .toList();
        assertThat(rules).contains("quiesce_outcome=~\"" + String.join("|", unclean) + "\"");
    }

    private static Path promtool() {
        String configured = System.getProperty(PROMTOOL_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Optional<Path> found = Arrays.stream(
                        Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        assertThat(found)
                .as("promtool not found on the PATH: the alert rules are tested with Prometheus' promtool. Install it"
                        + " (apt-get install prometheus; .ci/run installs it) or name one with -D"
                        + PROMTOOL_PROPERTY + "=/path/to/promtool")
                .isPresent();
        return found.get();
    }
}
