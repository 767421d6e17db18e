package io.quiesce.workflow.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quiesce.database.paging.InvalidCursorException;
import io.quiesce.database.validation.FieldError;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.testkit.PausableProxy;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Started;
import io.quiesce.workflow.WorkflowTypesProducer;
import io.quiesce.workflow.config.WorkflowConfig;
import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import io.quiesce.workflow.telemetry.WorkflowTelemetryNames;
import io.quiesce.workflow.testing.ActivityMeter;
import io.quiesce.workflow.testing.Infra;
import io.quiesce.workflow.types.InvalidInputException;
import io.quiesce.workflow.types.UnknownWorkflowTypeException;
import io.quiesce.workflow.worker.WorkflowWorker;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.filter.v1.WorkflowExecutionFilter;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link InstanceService} against real PostgreSQL and a real Temporal frontend, with a real worker on the class's task
 * queue. Instances meant to stay RUNNING are started on a second task queue that no worker polls.
 */
@ExtendWith(Infra.Extension.class)
class InstanceServiceIT {

    private static final Duration DONE_WITHIN = Duration.ofSeconds(30);

    /** The worker and the service trace, as with telemetry on: tracing must change nothing the other tests check. */
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    private static final InMemoryMetricReader METRICS = InMemoryMetricReader.create();
    private static final OpenTelemetrySdk SDK = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                    .build())
            .setMeterProvider(
                    SdkMeterProvider.builder().registerMetricReader(METRICS).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    private static Infra infra;
    private static DataSource db;
    private static WorkflowWorker worker;
    private static InstanceService service;
    private static InstanceService idleService;
    private static WorkflowClient idleClient;

    @BeforeAll
    static void start() {
        infra = Infra.get();
        db = infra.newMigratedDatabase("instances");
        String queue = Infra.newTaskQueue("instances");
        worker = new WorkflowWorker(
                infra.config(queue, "worker-a", Map.of()),
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                () -> true,
                WorkflowTelemetry.of(SDK, true),
                Infra.log("test.worker"));
        Started polling = new Started();
        worker.start(polling);
        Poll.untilTrue("worker polling", DONE_WITHIN, polling::get);
        service = new InstanceService(
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                worker.client(),
                infra.config(queue, "instances", Map.of()));
        idleClient = infra.newClient();
        idleService = new InstanceService(
                new InstanceStore(db),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                idleClient,
                infra.config(Infra.newTaskQueue("nobody-polls"), "instances", Map.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.stop(Duration.ofSeconds(5));
        }
        if (idleClient != null) {
            Infra.close(idleClient);
        }
        SDK.close();
    }

    @Test
    void aStartIsOneTraceFromItsCallerThroughEveryStepAndTheGaugeCountsIt() {
        Span request = SDK.getTracer("test").spanBuilder("POST /api/instances").startSpan();
        String id;
        try (Scope ignored = request.makeCurrent()) {
            id = service.start(StartCommand.of("report", "{\"steps\": 2, \"stepMillis\": 0}"))
                    .instance()
                    .id();
        } finally {
            request.end();
        }
        awaitStatus(id, InstanceStatus.COMPLETED);

        String trace = request.getSpanContext().getTraceId();
        List<String> names = Poll.untilPresent("the trace's activity spans", DONE_WITHIN, () -> {
            List<String> inTrace = SPANS.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(trace))
                    .map(SpanData::getName)
                    .toList();
            return inTrace.stream()
                                    .filter(n -> n.startsWith(WorkflowTelemetryNames.RUN_ACTIVITY))
                                    .count()
                            == 4
                    ? inTrace
                    : null;
        });
        assertThat(names)
                .contains(
                        "POST /api/instances",
                        "StartWorkflow:report",
                        "RunWorkflow:report",
                        "StartActivity:report.RunStep",
                        "RunActivity:report.RunStep",
                        "RunActivity:report.Summarize",
                        "RunActivity:report.MarkCompleted");
        Map<InstanceStatus, Long> counts = new InstanceStore(db).countByStatus(1);
        assertThat(counts).containsOnlyKeys(InstanceStatus.values());
        assertThat(counts.get(InstanceStatus.COMPLETED)).isPositive();
    }

    @Test
    void startRecordsEveryStepAndCompletes() {
        StartOutcome outcome = service.start(StartCommand.of("report", "{\"steps\": 3, \"stepMillis\": 100}"));

        assertThat(outcome.replayed()).isFalse();
        InstanceRecord started = outcome.instance();
        assertThat(started.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(started.type()).isEqualTo("report");
        assertThat(started.inputJson()).contains("\"steps\": 3").contains("\"stepMillis\": 100");
        assertThat(started.createdAt()).isNotNull();

        InstanceRecord done = awaitStatus(started.id(), InstanceStatus.COMPLETED);
        assertThat(done.steps()).extracting(StepRecord::step).containsExactly(1, 2, 3);
        assertThat(done.steps()).extracting(StepRecord::name).containsExactly("step-1", "step-2", "step-3");
        assertThat(done.steps()).allSatisfy(step -> {
            assertThat(step.attempt()).isEqualTo(1);
            assertThat(step.worker()).isEqualTo("worker-a");
            assertThat(step.codeVersion()).isEqualTo(Infra.CODE_VERSION);
            assertThat(step.completedAt()).isAfterOrEqualTo(step.startedAt());
        });
        assertThat(done.codeVersion()).isEqualTo(Infra.CODE_VERSION);
        assertThat(done.resultJson())
                .contains("\"stepsCompleted\": 3")
                .contains("\"summary\": {\"retries\": 0, \"workers\": [\"worker-a\"], \"codeVersions\": [\""
                        + Infra.CODE_VERSION + "\"]}");
        assertThat(done.error()).isNull();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.updatedAt()).isAfterOrEqualTo(done.createdAt());
    }

    @Test
    void missingInputGetsTheDefaults() {
        InstanceRecord started =
                idleService.start(StartCommand.of("report", null)).instance();

        assertThat(started.inputJson()).isEqualTo("{\"steps\": 3, \"stepMillis\": 1000}");
    }

    @Test
    void replayingAnIdempotencyKeyReturnsTheSameInstance() {
        String key = "key-" + UUID.randomUUID();
        StartCommand first = new StartCommand("report", "{\"steps\":1,\"stepMillis\":0}", key, "f1", null, null);

        StartOutcome created = service.start(first);
        StartOutcome replayed = service.start(first);

        String expectedId = UUID.nameUUIDFromBytes(("idempotency:" + key).getBytes(StandardCharsets.UTF_8))
                .toString();
        assertThat(created.instance().id()).isEqualTo(expectedId);
        assertThat(created.replayed()).isFalse();
        assertThat(replayed.replayed()).isTrue();
        assertThat(replayed.instance().id()).isEqualTo(expectedId);

        // Replays keep answering after the instance completed (no Temporal call for a finished instance).
        awaitStatus(expectedId, InstanceStatus.COMPLETED);
        StartOutcome late = service.start(first);
        assertThat(late.replayed()).isTrue();
        assertThat(late.instance().status()).isEqualTo(InstanceStatus.COMPLETED);
        assertThat(late.instance().steps()).hasSize(1);
    }

    @Test
    void reusingAKeyForADifferentRequestConflicts() {
        String key = "key-" + UUID.randomUUID();
        service.start(new StartCommand("report", "{\"steps\":1,\"stepMillis\":0}", key, "f1", null, null));

        assertThatThrownBy(() -> service.start(
                        new StartCommand("report", "{\"steps\":2,\"stepMillis\":0}", key, "f2", null, null)))
                .isInstanceOf(IdempotencyConflictException.class)
                .hasMessageContaining(key);
        assertThat(count("SELECT count(*) FROM workflow_instance WHERE idempotency_key = ?", key))
                .isEqualTo(1);
    }

    @Test
    void twentyConcurrentDuplicatesCreateOneRowAndOneWorkflow() throws Exception {
        String key = "key-" + UUID.randomUUID();
        StartCommand cmd = new StartCommand("report", "{\"steps\":2,\"stepMillis\":50}", key, "same", null, null);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<StartOutcome>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return service.start(cmd);
                }));
            }
            go.countDown();
            List<StartOutcome> outcomes = new ArrayList<>();
            for (Future<StartOutcome> f : results) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes)
                    .extracting(o -> o.instance().id())
                    .containsOnly(outcomes.get(0).instance().id());
            assertThat(outcomes).filteredOn(o -> !o.replayed()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        String id = InstanceService.instanceId(cmd);
        assertThat(count("SELECT count(*) FROM workflow_instance WHERE idempotency_key = ?", key))
                .isEqualTo(1);
        InstanceRecord done = awaitStatus(id, InstanceStatus.COMPLETED);
        assertThat(done.steps()).hasSize(2);
        assertThat(workflowRuns(worker.client(), id)).isEqualTo(1);
    }

    @Test
    void aScheduleFireStartsOnceAndConflictsOnDifferentInput() {
        Instant fire = Instant.parse("2030-01-01T00:00:00Z");
        String schedule = "sched-" + UUID.randomUUID().toString().substring(0, 8);
        StartCommand cmd = new StartCommand("report", "{\"stepMillis\":0,\"steps\":1}", null, null, schedule, fire);

        StartOutcome first = service.start(cmd);
        StartOutcome again =
                service.start(new StartCommand("report", "{\"steps\":1,\"stepMillis\":0}", null, null, schedule, fire));

        assertThat(first.instance().id())
                .isEqualTo(
                        UUID.nameUUIDFromBytes(("schedule:" + schedule + ":" + fire).getBytes(StandardCharsets.UTF_8))
                                .toString());
        assertThat(first.instance().scheduleId()).isEqualTo(schedule);
        assertThat(first.instance().scheduledFireTime()).isEqualTo(fire);
        assertThat(again.replayed()).isTrue();
        assertThatThrownBy(() -> service.start(new StartCommand("report", "{\"steps\":2}", null, null, schedule, fire)))
                .isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void invalidRequestsWriteNothing() {
        String key = "key-" + UUID.randomUUID();
        String id = InstanceService.instanceId(new StartCommand("report", null, key, null, null, null));

        assertThatThrownBy(() -> service.start(new StartCommand("invoice", "{}", key, null, null, null)))
                .isInstanceOf(UnknownWorkflowTypeException.class)
                .hasMessageContaining("invoice")
                .hasMessageContaining("report");
        assertThatThrownBy(() -> service.start(new StartCommand("report", "{\"steps\":21}", key, null, null, null)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new FieldError("input.steps", "must be between 1 and 20")));
        assertThat(service.find(id)).isEmpty();
    }

    @Test
    void anUnreachableTemporalLeavesNoRowBehind() {
        WorkflowClient down = infra.newClient("127.0.0.1:" + Infra.freePort());
        try {
            InstanceService unavailable = new InstanceService(
                    new InstanceStore(db),
                    WorkflowTypesProducer.all(new InstanceStore(db)),
                    down,
                    infra.config("q", "instances", Map.of()));
            String key = "key-" + UUID.randomUUID();
            StartCommand cmd = new StartCommand("report", "{}", key, "f", null, null);

            long started = System.nanoTime();
            assertThatThrownBy(() -> unavailable.start(cmd)).isInstanceOf(WorkflowUnavailableException.class);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            Infra.log("test.instances")
                    .info("test.temporal_unavailable", EventLog.fields("start_failed_after_ms", tookMillis));

            assertThat(service.find(InstanceService.instanceId(cmd))).isEmpty();
            // The client's retry, once Temporal is back, starts it afresh.
            StartOutcome retried = service.start(cmd);
            assertThat(retried.replayed()).isFalse();
        } finally {
            Infra.close(down);
        }
    }

    @Test
    void aHungTemporalAnswersUnavailableAfterTheRpcTimeoutNotTheSdksMinute() throws Exception {
        String target = infra.temporalTarget();
        try (PausableProxy proxy = new PausableProxy(Integer.parseInt(target.substring(target.lastIndexOf(':') + 1)))) {
            WorkflowConfig config = infra.config(
                    Infra.newTaskQueue("hung"),
                    "worker-hung",
                    Map.of(WorkflowConfig.TARGET, "127.0.0.1:" + proxy.port(), WorkflowConfig.RPC_TIMEOUT, "1s"));
            WorkflowWorker connection = new WorkflowWorker(
                    config,
                    new InstanceStore(db),
                    WorkflowTypesProducer.all(new InstanceStore(db)),
                    () -> false,
                    WorkflowTelemetry.off(),
                    Infra.log("test.hung"));
            try {
                InstanceService api = new InstanceService(
                        new InstanceStore(db),
                        WorkflowTypesProducer.all(new InstanceStore(db)),
                        connection.client(),
                        config);
                assertThat(api.start(StartCommand.of("report", "{}")).replayed())
                        .as("through the proxy")
                        .isFalse();
                StartCommand cmd = new StartCommand("report", "{}", "key-" + UUID.randomUUID(), "f", null, null);

                proxy.pause();
                long started = System.nanoTime();
                assertThatThrownBy(() -> api.start(cmd)).isInstanceOf(WorkflowUnavailableException.class);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                proxy.resume();

                // rpc-timeout is 1 s; the SDK's default retry held such a call for about a minute.
                assertThat(took).isLessThan(Duration.ofSeconds(15));
                assertThat(service.find(InstanceService.instanceId(cmd))).isEmpty();
                assertThat(api.start(cmd).replayed())
                        .as("the client's retry once Temporal answers again")
                        .isFalse();
            } finally {
                connection.stop(Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void cancellingStopsTheRunningStepAndRecordsCancelled() {
        InstanceRecord started = service.start(StartCommand.of("report", "{\"steps\":3,\"stepMillis\":60000}"))
                .instance();
        Poll.untilTrue("step 1 running", DONE_WITHIN, () -> ActivityMeter.running(METRICS) > 0);

        assertThat(service.cancel(started.id())).isEqualTo(CancelResult.CANCEL_REQUESTED);

        InstanceRecord cancelled = awaitStatus(started.id(), InstanceStatus.CANCELLED);
        assertThat(cancelled.steps()).isEmpty();
        assertThat(cancelled.finishedAt()).isNotNull();
        assertThat(service.cancel(started.id())).isEqualTo(CancelResult.ALREADY_CANCELLED);
        Poll.untilTrue(
                "workflow closed as cancelled",
                DONE_WITHIN,
                () -> worker.client()
                                .newUntypedWorkflowStub(started.id())
                                .describe()
                                .getStatus()
                        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
        Poll.untilTrue("step activity stopped", DONE_WITHIN, () -> ActivityMeter.running(METRICS) == 0);
    }

    @Test
    void cancelIsIdempotentWhileTheInstanceRuns() {
        InstanceRecord started =
                idleService.start(StartCommand.of("report", "{}")).instance();

        assertThat(idleService.cancel(started.id())).isEqualTo(CancelResult.CANCEL_REQUESTED);
        assertThat(idleService.cancel(started.id())).isEqualTo(CancelResult.CANCEL_REQUESTED);
        assertThat(idleService.find(started.id()).orElseThrow().status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void cancelOfFinishedUnknownOrWorkflowlessInstances() {
        assertThat(service.cancel("no-such-instance")).isEqualTo(CancelResult.NOT_FOUND);

        InstanceRecord done = service.start(StartCommand.of("report", "{\"steps\":1,\"stepMillis\":0}"))
                .instance();
        awaitStatus(done.id(), InstanceStatus.COMPLETED);
        assertThat(service.cancel(done.id())).isEqualTo(CancelResult.ALREADY_FINISHED);

        // A row whose workflow never started (the process died between insert and start): cancel settles it.
        String orphan = UUID.randomUUID().toString();
        new InstanceStore(db)
                .insertIfAbsent(orphan, StartCommand.of("report", "{}"), "{\"steps\":3,\"stepMillis\":1000}", "test");
        assertThat(service.cancel(orphan)).isEqualTo(CancelResult.CANCEL_REQUESTED);
        assertThat(service.find(orphan).orElseThrow().status()).isEqualTo(InstanceStatus.CANCELLED);
        assertThat(service.cancel(orphan)).isEqualTo(CancelResult.ALREADY_CANCELLED);
    }

    @Test
    void listPagesNewestFirstWithFilters() {
        DataSource own = infra.newMigratedDatabase("listing");
        InstanceService listing = new InstanceService(
                new InstanceStore(own),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                idleClient,
                infra.config(Infra.newTaskQueue("nobody-polls"), "instances", Map.of()));
        InstanceStore store = new InstanceStore(own);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(listing.start(StartCommand.of("report", "{\"steps\":" + (i + 1) + "}"))
                    .instance()
                    .id());
        }
        store.finish(ids.get(1), InstanceStatus.COMPLETED, "{\"stepsCompleted\":2}", null);
        store.finish(ids.get(3), InstanceStatus.COMPLETED, "{\"stepsCompleted\":4}", null);
        store.finish(ids.get(5), InstanceStatus.COMPLETED, "{\"stepsCompleted\":6}", null);
        store.finish(ids.get(6), InstanceStatus.FAILED, null, "boom");

        List<InstanceRecord> all = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            InstancePage page = listing.list(new InstanceQuery(null, null, null, 3, cursor));
            pageSizes.add(page.items().size());
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        List<String> newestFirst = new ArrayList<>(ids);
        Collections.reverse(newestFirst);
        assertThat(all).extracting(InstanceRecord::id).containsExactlyElementsOf(newestFirst);
        assertThat(all).allSatisfy(r -> assertThat(r.steps()).isEmpty());
        assertThat(isSortedNewestFirst(all)).isTrue();

        InstancePage completed = listing.list(new InstanceQuery(InstanceStatus.COMPLETED, null, null, 2, null));
        assertThat(completed.items()).extracting(InstanceRecord::id).containsExactly(ids.get(5), ids.get(3));
        InstancePage rest =
                listing.list(new InstanceQuery(InstanceStatus.COMPLETED, null, null, 2, completed.nextCursor()));
        assertThat(rest.items()).extracting(InstanceRecord::id).containsExactly(ids.get(1));
        assertThat(rest.nextCursor()).isNull();

        assertThat(listing.list(new InstanceQuery(InstanceStatus.FAILED, "report", null, 10, null))
                        .items())
                .extracting(InstanceRecord::error)
                .containsExactly("boom");
        assertThat(listing.list(new InstanceQuery(InstanceStatus.RUNNING, null, null, 10, null))
                        .items())
                .hasSize(3);
        assertThat(listing.list(new InstanceQuery(null, "report", null, 200, null))
                        .items())
                .hasSize(7);
        assertThat(listing.list(new InstanceQuery(null, "invoice", null, 10, null))
                        .items())
                .isEmpty();
        assertThat(listing.list(new InstanceQuery(null, null, null, 7, null)).nextCursor())
                .isNull();

        assertThatThrownBy(() -> listing.list(new InstanceQuery(null, null, null, 3, "not a cursor")))
                .isInstanceOf(InvalidCursorException.class);

        InstanceService newer = new InstanceService(
                new InstanceStore(own),
                WorkflowTypesProducer.all(new InstanceStore(db)),
                idleClient,
                infra.config(
                        Infra.newTaskQueue("nobody-polls"), "instances", Map.of(WorkflowConfig.CODE_VERSION, "0.2.0")));
        String onNewer = newer.start(StartCommand.of("report", "{}")).instance().id();
        assertThat(listing.list(new InstanceQuery(null, null, "0.2.0", 10, null))
                        .items())
                .extracting(InstanceRecord::id, InstanceRecord::codeVersion)
                .containsExactly(tuple(onNewer, "0.2.0"));
        assertThat(listing.list(new InstanceQuery(InstanceStatus.RUNNING, null, Infra.CODE_VERSION, 10, null))
                        .items())
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.codeVersion()).isEqualTo(Infra.CODE_VERSION));
        assertThat(listing.list(new InstanceQuery(null, null, "0.0.1", 10, null))
                        .items())
                .isEmpty();
    }

    private static boolean isSortedNewestFirst(List<InstanceRecord> rows) {
        for (int i = 1; i < rows.size(); i++) {
            InstanceRecord a = rows.get(i - 1);
            InstanceRecord b = rows.get(i);
            int byTime = a.createdAt().compareTo(b.createdAt());
            if (byTime < 0 || (byTime == 0 && a.id().compareTo(b.id()) < 0)) {
                return false;
            }
        }
        return true;
    }

    private static InstanceRecord awaitStatus(String id, InstanceStatus status) {
        return Poll.untilPresent(
                id + " " + status,
                DONE_WITHIN,
                () -> service.find(id).filter(r -> r.status() == status).orElse(null));
    }

    private static long count(String sql, String param) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Open plus closed executions with this workflow id, as Temporal's visibility reports them. */
    static int workflowRuns(WorkflowClient client, String workflowId) {
        var stub = client.getWorkflowServiceStubs().blockingStub();
        WorkflowExecutionFilter filter =
                WorkflowExecutionFilter.newBuilder().setWorkflowId(workflowId).build();
        Set<String> runs = new HashSet<>();
        stub.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace("default")
                        .setExecutionFilter(filter)
                        .build())
                .getExecutionsList()
                .forEach(e -> runs.add(e.getExecution().getRunId()));
        stub.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace("default")
                        .setExecutionFilter(filter)
                        .build())
                .getExecutionsList()
                .forEach(e -> runs.add(e.getExecution().getRunId()));
        return runs.size();
    }
}
