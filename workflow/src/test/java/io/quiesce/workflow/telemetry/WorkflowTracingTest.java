package io.quiesce.workflow.telemetry;

import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.RUN_ACTIVITY;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.RUN_WORKFLOW;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.START_ACTIVITY;
import static io.quiesce.workflow.telemetry.WorkflowTelemetryNames.START_WORKFLOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quiesce.testkit.Poll;
import io.quiesce.workflow.change.ChangeActivation;
import io.quiesce.workflow.report.FakeReportActivities;
import io.quiesce.workflow.report.ReportInput;
import io.quiesce.workflow.report.ReportWorkflow;
import io.quiesce.workflow.report.ReportWorkflowImpl;
import io.quiesce.workflow.worker.WorkflowWorker;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tracing interceptors as the worker installs them, on Temporal's in-process environment: the workflow runs on one
 * "server" (its own SDK) and the activities on another, so the trace can only stay one by travelling in the headers.
 */
class WorkflowTracingTest {

    private static final String QUEUE = "tracing-test";
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final InMemorySpanExporter here = InMemorySpanExporter.create();
    private final InMemorySpanExporter there = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdkHere = sdk(here);
    private final OpenTelemetrySdk sdkThere = sdk(there);
    private TestWorkflowEnvironment env;
    private final List<WorkerFactory> factories = new ArrayList<>();

    @AfterEach
    void tearDown() {
        factories.forEach(WorkerFactory::shutdownNow);
        factories.forEach(f -> f.awaitTermination(5000, TimeUnit.MILLISECONDS));
        if (env != null) {
            env.close();
        }
        sdkHere.close();
        sdkThere.close();
    }

    @Test
    void aRequestItsWorkflowAndEachActivityOnAnotherServerAreOneTrace() {
        WorkflowTelemetry telemetryHere = WorkflowTelemetry.of(sdkHere, true);
        WorkflowTelemetry telemetryThere = WorkflowTelemetry.of(sdkThere, true);
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkflowWorker.factoryOptions(telemetryHere))
                .build());
        // As the production worker runs it: no change activated.
        env.newWorker(
                        QUEUE,
                        WorkerOptions.newBuilder()
                                .setPreferredVersionProvider(ChangeActivation.of(Set.of()))
                                .build())
                .registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
        WorkerFactory otherServer =
                WorkerFactory.newInstance(env.getWorkflowClient(), WorkflowWorker.factoryOptions(telemetryThere));
        otherServer.newWorker(QUEUE).registerActivitiesImplementations(new FakeReportActivities());
        factories.add(otherServer);
        env.start();
        otherServer.start();
        WorkflowClient client = WorkflowClient.newInstance(
                env.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder()
                        .setNamespace(env.getNamespace())
                        .setInterceptors(telemetryHere.clientInterceptors())
                        .build());

        Span request =
                sdkHere.getTracer("test").spanBuilder("POST /api/instances").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            client.newWorkflowStub(
                            ReportWorkflow.class,
                            WorkflowOptions.newBuilder()
                                    .setWorkflowId("traced-1")
                                    .setTaskQueue(QUEUE)
                                    .build())
                    .run(new ReportInput(2, 0));
        } finally {
            request.end();
        }

        SpanData runWorkflow = Poll.untilPresent(
                "the RunWorkflow span",
                WITHIN,
                () -> named(here.getFinishedSpanItems(), RUN_WORKFLOW + "report")
                        .orElse(null));
        SpanData startWorkflow =
                named(here.getFinishedSpanItems(), START_WORKFLOW + "report").orElseThrow();
        List<SpanData> startActivities = here.getFinishedSpanItems().stream()
                .filter(s -> s.getName().startsWith(START_ACTIVITY))
                .toList();
        List<SpanData> runActivities = Poll.untilPresent("the RunActivity spans on the other server", WITHIN, () -> {
            List<SpanData> run = there.getFinishedSpanItems();
            return run.size() == startActivities.size() ? run : null;
        });

        String trace = request.getSpanContext().getTraceId();
        assertThat(startWorkflow.getParentSpanId())
                .as("started from the request")
                .isEqualTo(request.getSpanContext().getSpanId());
        assertThat(startWorkflow.getAttributes().asMap().toString()).contains("traced-1");
        assertThat(runWorkflow.getParentSpanId()).isEqualTo(startWorkflow.getSpanId());
        assertThat(startActivities)
                .as("two steps, the summary, the completion")
                .hasSize(4)
                .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(runWorkflow.getSpanId()));
        assertThat(runActivities)
                .extracting(SpanData::getName)
                .allMatch(n -> n.startsWith(RUN_ACTIVITY))
                .contains(RUN_ACTIVITY + "report.RunStep", RUN_ACTIVITY + "report.MarkCompleted");
        assertThat(runActivities)
                .extracting(SpanData::getParentSpanId)
                .as("each the child of its StartActivity")
                .containsExactlyInAnyOrderElementsOf(
                        startActivities.stream().map(SpanData::getSpanId).toList());
        assertThat(here.getFinishedSpanItems()).extracting(SpanData::getTraceId).containsOnly(trace);
        assertThat(runActivities).extracting(SpanData::getTraceId).containsOnly(trace);
    }

    @Test
    void offInstallsNoInterceptorAndKeepsTheWorkersOwn() {
        WorkflowTelemetry off = WorkflowTelemetry.off();

        assertThat(off.traced()).isFalse();
        assertThat(off.clientInterceptors()).isEmpty();
        assertThat(WorkflowWorker.factoryOptions(off).getWorkerInterceptors()).hasSize(1);
        assertThat(WorkflowWorker.factoryOptions(WorkflowTelemetry.of(sdkHere, true))
                        .getWorkerInterceptors())
                .hasSize(2);
    }

    private static Optional<SpanData> named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst();
    }

    static OpenTelemetrySdk sdk(InMemorySpanExporter exporter) {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }
}
