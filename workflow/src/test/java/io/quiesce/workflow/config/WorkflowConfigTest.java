package io.quiesce.workflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.workflow.callback.CallbackConfig;
import io.quiesce.workflow.change.WorkflowChange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkflowConfigTest {

    @Test
    void theShippedDefaultsAreValid() throws IOException {
        Map<String, String> defaults = shippedDefaults();

        WorkflowConfig config = WorkflowConfig.read(name -> Optional.ofNullable(defaults.get(name)));

        assertThat(defaults).containsEntry("config_ordinal", "50");
        assertThat(config.target()).isEqualTo("127.0.0.1:17233");
        assertThat(config.namespace()).isEqualTo("default");
        assertThat(config.taskQueue()).isEqualTo("quiesce");
        assertThat(config.shutdownBudget()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.rpcTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.startBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.workerIdentity()).matches("\\d+@.+");
        assertThat(config.pollers()).isEqualTo(2);
        assertThat(config.maxConcurrentCalls()).isEqualTo(8);
        assertThat(config.callWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.activatedChanges()).as("every change ships inactive").isEmpty();
        assertThat(config.codeVersion())
                .as("the build's version, filled in by Maven")
                .matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(defaults.keySet().stream().filter(k -> k.endsWith(".shutdown-budget")))
                .containsExactlyInAnyOrder(WorkflowConfig.SHUTDOWN_BUDGET, CallbackConfig.SHUTDOWN_BUDGET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "17", "two", "-1"})
    void badPollersNameThePropertyAndTheRange(String pollers) {
        assertThatThrownBy(() -> read(WorkflowConfig.POLLERS, pollers))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.workflow.pollers='" + pollers + "'")
                .hasMessageContaining("a whole number from 1 to 16");
    }

    @Test
    void aBadBulkheadNamesThePropertyAndTheRange() {
        assertThatThrownBy(() -> read(WorkflowConfig.MAX_CONCURRENT_CALLS, "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.temporal.max-concurrent-calls='0'")
                .hasMessageContaining("a whole number from 1 to 1000");
        assertThatThrownBy(() -> read(WorkflowConfig.CALL_WAIT, "2m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.temporal.call-wait='2m'");
    }

    @Test
    void changesAreActivatedByTheirIds() throws IOException {
        assertThat(read(WorkflowConfig.ACTIVATE_CHANGES, " report-started , report-summary ,")
                        .activatedChanges())
                .containsExactlyInAnyOrder(WorkflowChange.REPORT_STARTED, WorkflowChange.REPORT_SUMMARY);
        assertThat(read(WorkflowConfig.ACTIVATE_CHANGES, " ").activatedChanges())
                .isEmpty();
    }

    @Test
    void anUnknownChangeNamesThePropertyAndTheAllowedValues() {
        assertThatThrownBy(() -> read(WorkflowConfig.ACTIVATE_CHANGES, "report-started,report-startd"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.workflow.activate-changes='report-started,report-startd'")
                .hasMessageContaining("workflow change ids (report-summary, report-started)");
    }

    @Test
    void theWorkersBoundsAreShippedAndChecked() throws IOException {
        Map<String, String> values = shippedDefaults();
        WorkflowConfig config = WorkflowConfig.read(name -> Optional.ofNullable(values.get(name)));
        assertThat(config.maxConcurrentActivities()).isEqualTo(16);
        assertThat(config.maxConcurrentWorkflowTasks()).isEqualTo(4);
        assertThat(config.workflowCacheSize()).isEqualTo(32);
        assertThatThrownBy(() -> read(WorkflowConfig.MAX_CONCURRENT_ACTIVITIES, "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.workflow.max-concurrent-activities='0'")
                .hasMessageContaining("a whole number from 1 to 1000");
        assertThatThrownBy(() -> read(WorkflowConfig.CACHE_SIZE, "lots"))
                .hasMessageContaining("quiesce.workflow.cache-size='lots'");
        assertThat(config.deadlockDetectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> read(WorkflowConfig.DEADLOCK_DETECTION_TIMEOUT, "100ms"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.workflow.deadlock-detection-timeout='100ms'");
    }

    @Test
    void anExplicitIdentityWins() throws IOException {
        Map<String, String> values = shippedDefaults();
        values.put(WorkflowConfig.WORKER_IDENTITY, "pod-7");

        assertThat(WorkflowConfig.read(name -> Optional.ofNullable(values.get(name)))
                        .workerIdentity())
                .isEqualTo("pod-7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:0", "localhost:70000", ":7233", "host:port", "a b:7233"})
    void aBadTargetNamesThePropertyAndTheAllowedValues(String target) {
        assertThatThrownBy(() -> read(WorkflowConfig.TARGET, target))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.temporal.target='" + target + "'")
                .hasMessageContaining("allowed values are host:port");
    }

    @Test
    void acceptsHostNamesAndIpv6() throws IOException {
        assertThat(read(WorkflowConfig.TARGET, "temporal-frontend.temporal.svc:7233")
                        .target())
                .isEqualTo("temporal-frontend.temporal.svc:7233");
        assertThat(read(WorkflowConfig.TARGET, "[::1]:7233").target()).isEqualTo("[::1]:7233");
    }

    @Test
    void durationsAreCheckedWithTheKernelsSyntaxAndBounds() {
        assertThatThrownBy(() -> read(WorkflowConfig.SHUTDOWN_BUDGET, "5"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration quiesce.workflow.shutdown-budget='5': allowed values are a duration "
                        + "such as 500ms, 5s, 2m, 1h, 30d or PT5S.");
        assertThatThrownBy(() -> read(WorkflowConfig.SHUTDOWN_BUDGET, "11m"))
                .hasMessage(
                        "Invalid configuration quiesce.workflow.shutdown-budget='11m': allowed values are from 0 to 600s.");
        assertThatThrownBy(() -> read(WorkflowConfig.RPC_TIMEOUT, "10ms"))
                .hasMessageContaining("quiesce.temporal.rpc-timeout");
        assertThatThrownBy(() -> read(WorkflowConfig.START_BACKOFF, "0"))
                .hasMessageContaining("quiesce.workflow.start-backoff");
    }

    @Test
    void namesAreChecked() {
        assertThatThrownBy(() -> read(WorkflowConfig.NAMESPACE, "my namespace"))
                .hasMessageContaining("quiesce.temporal.namespace='my namespace'");
        assertThatThrownBy(() -> read(WorkflowConfig.TASK_QUEUE, "two words"))
                .hasMessageContaining("quiesce.temporal.task-queue='two words'");
        assertThatThrownBy(() -> read(WorkflowConfig.WORKER_IDENTITY, "x".repeat(201)))
                .hasMessageContaining("quiesce.workflow.worker-identity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0 beta", "-rc1", ".1", "v1/2", "${project.version}"})
    void aCodeVersionMustBeAnImageTag(String version) {
        assertThatThrownBy(() -> read(WorkflowConfig.CODE_VERSION, version))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.workflow.code-version='" + version + "'")
                .hasMessageContaining("an image tag");
    }

    @Test
    void anImageTagIsACodeVersion() throws IOException {
        assertThat(read(WorkflowConfig.CODE_VERSION, "1.4.2").codeVersion()).isEqualTo("1.4.2");
        assertThat(read(WorkflowConfig.CODE_VERSION, "2026-12-01_build.7").codeVersion())
                .isEqualTo("2026-12-01_build.7");
    }

    @Test
    void aMissingValueNamesTheProperty() {
        assertThatThrownBy(() -> read(WorkflowConfig.TASK_QUEUE, " "))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Missing configuration quiesce.temporal.task-queue");
    }

    private static WorkflowConfig read(String property, String value) throws IOException {
        Map<String, String> values = shippedDefaults();
        values.put(property, value);
        return WorkflowConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    private static Map<String, String> shippedDefaults() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = WorkflowConfig.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            properties.load(in);
        }
        Map<String, String> values = new HashMap<>();
        properties.forEach((k, v) -> values.put((String) k, (String) v));
        return values;
    }
}
