package io.quiesce.workflow.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quiesce.workflow.WorkflowTypesProducer;
import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.report.UnguardedReportWorkflowImpl;
import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import io.quiesce.workflow.telemetry.WorkflowTelemetryNames;
import io.quiesce.workflow.types.WorkflowTypes;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The replay gate of the test command: every committed history replays on the current workflow code, and it would catch
 * the summary change of {@code report} made without its version guard.
 */
class ReplayGateTest {

    private static final Logger LOG = Logger.getLogger(ReplayGateTest.class.getName());
    private static final List<ReplayGate.History> COMMITTED = ReplayGate.committed();

    @Test
    void everyCommittedHistoryReplaysOnTheCurrentCode() {
        List<String> failures = ReplayGate.check(WorkflowTypesProducer.all(new InstanceStore(null)), COMMITTED);

        assertThat(failures)
                .as("histories that instances started by an earlier release would fail on")
                .isEmpty();
    }

    /** The tracing interceptors add spans and headers only: they must not change what a workflow task decides. */
    @Test
    void everyCommittedHistoryReplaysThroughTheTracingInterceptors() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .build()) {
            List<String> failures = ReplayGate.check(
                    WorkflowTypesProducer.all(new InstanceStore(null)), COMMITTED, WorkflowTelemetry.of(sdk, true));

            assertThat(failures).isEmpty();
            assertThat(spans.getFinishedSpanItems())
                    .as("replayed through the interceptor")
                    .anyMatch(s -> s.getName().equals(WorkflowTelemetryNames.RUN_WORKFLOW + "report"));
        }
    }

    @Test
    void everyRegisteredTypeHasHistoriesOfEveryCase() {
        for (String type : WorkflowTypesProducer.all(new InstanceStore(null)).names()) {
            assertThat(COMMITTED)
                    .filteredOn(h -> h.workflowType().equals(type))
                    .extracting(h -> h.file().substring(h.file().indexOf('/') + 1))
                    .as("histories of " + type)
                    .contains(
                            type + "-completed.json",
                            type + "-cancelled.json",
                            type + "-drained.json",
                            type + "-retried-after-handover.json");
        }
        assertThat(COMMITTED)
                .extracting(ReplayGate.History::codeVersion)
                .as("histories of the previous release")
                .contains("0.1.0");
    }

    @Test
    void theSummaryWithoutItsVersionGuardIsCaught() {
        List<String> failures = ReplayGate.check(
                new WorkflowTypes(List.of(new UnguardedReportWorkflowImpl.Type(new InstanceStore(null)))), COMMITTED);
        failures.forEach(failure -> LOG.info("event=test.replay_gate_failure " + failure));

        List<String> previousRelease =
                failures.stream().filter(f -> f.contains("history 0.1.0/")).toList();
        assertThat(previousRelease)
                .as("every completed history of 0.1.0: the summary's activity where it has none")
                .hasSize(3)
                .allSatisfy(f -> assertThat(f)
                        .startsWith("workflow type report: history 0.1.0/report-")
                        .contains("does not replay on the current code at event")
                        .contains("(activity report.MarkCompleted)")
                        .contains("[TMPRL1100] Command COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK doesn't match event")
                        .contains("report.Summarize")
                        .doesNotContain("\tat "));
        assertThat(failures)
                .as("the cancelled history never reaches the change")
                .noneMatch(f -> f.contains("cancelled"));
    }
}
