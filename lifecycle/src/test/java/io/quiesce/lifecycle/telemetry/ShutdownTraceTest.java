package io.quiesce.lifecycle.telemetry;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quiesce.lifecycle.config.ShutdownConfig;
import io.quiesce.lifecycle.http.InFlightTracker;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.lifecycle.shutdown.BoundedRunner;
import io.quiesce.lifecycle.shutdown.LifecycleState;
import io.quiesce.lifecycle.shutdown.LifecycleStatus;
import io.quiesce.lifecycle.shutdown.LongLivedStreams;
import io.quiesce.lifecycle.shutdown.PhaseOutcome;
import io.quiesce.lifecycle.shutdown.PhaseResult;
import io.quiesce.lifecycle.shutdown.ShutdownReport;
import io.quiesce.lifecycle.shutdown.ShutdownSequence;
import io.quiesce.lifecycle.shutdown.ShutdownTrigger;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import io.quiesce.lifecycle.stream.StreamConfig;
import io.quiesce.lifecycle.stream.StreamRegistry;
import io.quiesce.lifecycle.time.FakeTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The shutdown's span tree and metrics on a fake clock, exported by a real SDK into memory. */
class ShutdownTraceTest {

    private static final ShutdownConfig SETTINGS =
            new ShutdownConfig(ofSeconds(30), ofSeconds(2), ofSeconds(5), ofSeconds(15));
    private static final Instant SIGNAL = Instant.parse("2026-12-01T18:00:00Z");
    private static final long SIGNAL_NANOS = TimeUnit.SECONDS.toNanos(SIGNAL.getEpochSecond());

    private final FakeTime time = new FakeTime();
    private final InFlightTracker http = new InFlightTracker();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();

    private OpenTelemetrySdk sdk(SpanExporter exporter) {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .setMeterProvider(
                        SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
    }

    private LifecycleParticipant participant(String name, Duration budget, Duration takes, Map<String, Long> counts) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Duration budget() {
                return budget;
            }

            @Override
            public Map<String, Long> stop(Duration timeLeft) {
                time.advance(takes);
                return counts;
            }
        };
    }

    /** Runs every task on the calling thread except the one numbered {@code hang}, which never runs (a hung participant). */
    private BoundedRunner runner(int hang) {
        AtomicInteger task = new AtomicInteger();
        return new BoundedRunner(
                t -> {
                    if (task.incrementAndGet() != hang) {
                        t.run();
                    }
                },
                time);
    }

    private ShutdownReport run(
            OpenTelemetry openTelemetry,
            BoundedRunner runner,
            Duration exportBudget,
            LifecycleParticipant... participants) {
        ShutdownTrace trace = new ShutdownTrace(
                openTelemetry, TelemetryExport.of(openTelemetry), exportBudget, Clock.fixed(SIGNAL, ZoneOffset.UTC));
        ShutdownSequence sequence = new ShutdownSequence(
                SETTINGS,
                List.of(participants),
                http,
                LongLivedStreams.NONE,
                new LifecycleStatus(),
                time,
                runner,
                new EventLog(Logger.getLogger("test"), LogFormat.TEXT),
                trace);
        return sequence.run(ShutdownTrigger.SIGTERM);
    }

    private static SpanData span(List<SpanData> spans, String name) {
        return spans.stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in "
                        + spans.stream().map(SpanData::getName).toList()));
    }

    private static List<String> events(SpanData span) {
        return span.getEvents().stream().map(EventData::getName).toList();
    }

    @Test
    void exportsOneRootSpanWithAChildPerPhaseCarryingTheReportsNumbersBeforeTheSequenceEnds() {
        http.enter();
        ShutdownReport report = run(
                sdk(spans),
                runner(0),
                ofSeconds(2),
                participant("jobs", ofSeconds(3), ofSeconds(1), Map.of("interrupted", 2L)),
                participant("workflow", ofSeconds(5), ofSeconds(2), Map.of("drained", 1L)));

        List<SpanData> exported = spans.getFinishedSpanItems();
        assertThat(exported)
                .extracting(SpanData::getName)
                .containsExactlyInAnyOrder(
                        "shutdown",
                        "shutdown.stop-intake",
                        "shutdown.delay",
                        "shutdown.http-drain",
                        "shutdown.jobs",
                        "shutdown.workflow");
        SpanData root = span(exported, "shutdown");
        assertThat(root.getParentSpanContext().isValid()).isFalse();
        assertThat(exported)
                .filteredOn(s -> s != root)
                .allSatisfy(child -> assertThat(child.getParentSpanId()).isEqualTo(root.getSpanId()))
                .allSatisfy(child -> assertThat(child.getTraceId()).isEqualTo(root.getTraceId()));
        assertThat(root.getStartEpochNanos()).isEqualTo(SIGNAL_NANOS);
        assertThat(root.getAttributes().get(TelemetryNames.TRIGGER)).isEqualTo("sigterm");
        assertThat(root.getAttributes().get(TelemetryNames.IN_FLIGHT_AT_SIGNAL)).isEqualTo(1L);
        assertThat(root.getAttributes().get(TelemetryNames.DEADLINE_MS)).isEqualTo(28_000L);
        assertThat(root.getAttributes().get(TelemetryNames.EXIT_CODE)).isEqualTo(1L); // the request never finished
        assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(events(root)).containsExactly(TelemetryNames.EVENT_READINESS_DOWN);

        SpanData drain = span(exported, "shutdown.http-drain");
        assertThat(drain.getStartEpochNanos())
                .isEqualTo(SIGNAL_NANOS + ofSeconds(5).toNanos());
        assertThat(drain.getEndEpochNanos())
                .isEqualTo(SIGNAL_NANOS + ofSeconds(20).toNanos());
        assertThat(drain.getAttributes().get(TelemetryNames.OUTCOME)).isEqualTo("timed_out");
        assertThat(drain.getAttributes().get(TelemetryNames.count("in_flight_left")))
                .isEqualTo(1L);
        assertThat(drain.getAttributes().get(TelemetryNames.count("streams_ended")))
                .isZero();
        assertThat(drain.getAttributes().get(TelemetryNames.GRANTED_MS)).isEqualTo(15_000L);
        assertThat(drain.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

        SpanData jobs = span(exported, "shutdown.jobs");
        assertThat(jobs.getAttributes().get(TelemetryNames.count("interrupted")))
                .isEqualTo(2L);
        assertThat(jobs.getAttributes().get(TelemetryNames.OUTCOME)).isEqualTo("completed");
        assertThat(jobs.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span(exported, "shutdown.workflow").getEndEpochNanos())
                .isEqualTo(SIGNAL_NANOS + ofSeconds(23).toNanos());
        assertThat(root.getEndEpochNanos())
                .isEqualTo(SIGNAL_NANOS + ofSeconds(23).toNanos());

        PhaseResult telemetry = report.phases().get(report.phases().size() - 1);
        assertThat(telemetry.name()).isEqualTo("telemetry");
        assertThat(telemetry.outcome()).isEqualTo(PhaseOutcome.COMPLETED);
        assertThat(telemetry.counts()).containsEntry("sdk_enabled", 1L);
    }

    @Test
    void marksTheLastRequestDrainedAndAnAbandonedParticipant() {
        http.enter();
        // Task 1-2: stop-intake of both; task 3: jobs (hangs); 4: workflow; 5: the export.
        run(
                sdk(spans),
                runner(3),
                ofSeconds(2),
                participant("jobs", ofSeconds(3), Duration.ZERO, Map.of()),
                participant("workflow", ofSeconds(5), Duration.ZERO, Map.of()));
        SpanData root = span(spans.getFinishedSpanItems(), "shutdown");
        assertThat(events(root))
                .containsExactly(TelemetryNames.EVENT_READINESS_DOWN, TelemetryNames.EVENT_PARTICIPANT_ABANDONED);
        EventData abandoned = root.getEvents().get(1);
        assertThat(abandoned.getAttributes().get(TelemetryNames.PHASE)).isEqualTo("jobs");
        assertThat(abandoned.getEpochNanos())
                .isEqualTo(SIGNAL_NANOS + ofSeconds(23).toNanos());

        spans.reset();
        InFlightTracker idle = new InFlightTracker();
        ShutdownTrace trace = new ShutdownTrace(
                sdk(spans),
                TelemetryExport.of(OpenTelemetry.noop()),
                ofSeconds(2),
                Clock.fixed(SIGNAL, ZoneOffset.UTC));
        new ShutdownSequence(
                        SETTINGS,
                        List.of(),
                        idle,
                        LongLivedStreams.NONE,
                        new LifecycleStatus(),
                        time,
                        runner(0),
                        new EventLog(Logger.getLogger("test"), LogFormat.TEXT),
                        trace)
                .run(ShutdownTrigger.SIGTERM);
        SpanData drained = span(spans.getFinishedSpanItems(), "shutdown");
        assertThat(events(drained))
                .containsExactly(TelemetryNames.EVENT_READINESS_DOWN, TelemetryNames.EVENT_LAST_REQUEST_DRAINED);
        assertThat(drained.getAttributes().get(TelemetryNames.EXIT_CODE)).isZero();
    }

    @Test
    void recordsPhaseAndShutdownDurationsAsHistograms() {
        run(sdk(spans), runner(0), ofSeconds(2), participant("jobs", ofSeconds(3), ofSeconds(1), Map.of()));

        Collection<MetricData> collected = metrics.collectAllMetrics();
        MetricData phases = collected.stream()
                .filter(m -> m.getName().equals(TelemetryNames.METRIC_PHASE_DURATION))
                .findFirst()
                .orElseThrow();
        assertThat(phases.getUnit()).isEqualTo("s");
        assertThat(phases.getHistogramData().getPoints())
                .anySatisfy(p -> {
                    assertThat(p.getAttributes().get(TelemetryNames.PHASE)).isEqualTo("delay");
                    assertThat(p.getAttributes().get(TelemetryNames.OUTCOME)).isEqualTo("completed");
                    assertThat(p.getSum()).isEqualTo(5.0);
                })
                .anySatisfy(p ->
                        assertThat(p.getAttributes().get(TelemetryNames.PHASE)).isEqualTo("jobs"));
        assertThat(collected).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(TelemetryNames.METRIC_SHUTDOWN_DURATION);
            assertThat(m.getHistogramData().getPoints())
                    .singleElement()
                    .satisfies(p -> assertThat(p.getAttributes().get(TelemetryNames.TRIGGER))
                            .isEqualTo("sigterm"));
        });
    }

    @Test
    void theDelaySaysWhyItEndedAndHowManyNewConnectionsArrivedInItsSpanAndMetrics() {
        run(sdk(spans), runner(0), ofSeconds(2));

        SpanData delay = span(spans.getFinishedSpanItems(), "shutdown.delay");
        assertThat(delay.getAttributes().get(TelemetryNames.ENDED_BY)).isEqualTo("maximum");
        assertThat(delay.getAttributes().get(TelemetryNames.label("mode"))).isEqualTo("fixed");
        assertThat(delay.getAttributes().get(TelemetryNames.count("new_connections")))
                .isZero();
        assertThat(span(spans.getFinishedSpanItems(), "shutdown")
                        .getAttributes()
                        .get(TelemetryNames.DELAY_MODE))
                .isEqualTo("fixed");
        Collection<MetricData> collected = metrics.collectAllMetrics();
        assertThat(collected).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(TelemetryNames.METRIC_DELAY_NEW_CONNECTIONS);
            assertThat(m.getUnit()).isEqualTo(TelemetryNames.UNIT_CONNECTION);
            assertThat(m.getHistogramData().getPoints()).singleElement().satisfies(p -> {
                assertThat(p.getAttributes().get(TelemetryNames.ENDED_BY)).isEqualTo("maximum");
                assertThat(p.getCount()).isEqualTo(1);
                assertThat(p.getSum()).isZero();
            });
        });
        assertThat(collected).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(TelemetryNames.METRIC_PHASE_DURATION);
            assertThat(m.getHistogramData().getPoints())
                    .anySatisfy(p -> assertThat(p.getAttributes().get(TelemetryNames.ENDED_BY))
                            .isEqualTo("maximum"));
        });
    }

    @Test
    void theDrainingStateIsExportedAtTheSignalNotAtTheNextInterval() {
        InMemoryMetricExporter exporter = InMemoryMetricExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder()
                        .registerMetricReader(PeriodicMetricReader.builder(exporter)
                                .setInterval(Duration.ofHours(1))
                                .build())
                        .build())
                .build();
        LifecycleStatus status = new LifecycleStatus();
        status.advance(LifecycleState.READY, "ready");
        LifecycleMeters.register(
                sdk.getMeter(TelemetryNames.SCOPE),
                http,
                new StreamRegistry(new StreamConfig(10, Duration.ofSeconds(1), Duration.ofSeconds(15))),
                status::state);
        ShutdownTrace trace =
                new ShutdownTrace(sdk, TelemetryExport.of(sdk), Duration.ZERO, Clock.fixed(SIGNAL, ZoneOffset.UTC));

        status.advance(LifecycleState.DRAINING, "SIGTERM received");
        trace.signal(ShutdownTrigger.SIGTERM, SETTINGS, 0);

        // PeriodicMetricReader collects and exports on the flushing thread; the interval (1 h) never came.
        assertThat(exporter.getFinishedMetricItems().stream()
                        .filter(m -> m.getName().equals(TelemetryNames.METRIC_LIFECYCLE_STATE))
                        .flatMap(m -> m.getLongGaugeData().getPoints().stream())
                        .filter(p -> p.getValue() == 1)
                        .map(p -> p.getAttributes().get(TelemetryNames.STATE)))
                .containsExactly("draining");
        sdk.close();
    }

    @Test
    void anExporterThatDoesNotFinishFailsTheTelemetryPhaseWithinItsBudgetButNotTheExitCode() {
        SpanExporter stuck = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return new CompletableResultCode(); // never completes: an unreachable collector
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        ShutdownReport report = run(sdk(stuck), runner(0), Duration.ofMillis(200));

        PhaseResult telemetry = report.phases().get(report.phases().size() - 1);
        assertThat(telemetry.name()).isEqualTo("telemetry");
        assertThat(telemetry.outcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(telemetry.detail()).contains("had not finished after 180 ms");
        // The drain itself was clean: a collector outage must not fail the pod.
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void withTheSdkOffNothingIsExportedAndThePhaseIsClean() {
        ShutdownReport report = run(OpenTelemetry.noop(), runner(0), ofSeconds(2));

        PhaseResult telemetry = report.phases().get(report.phases().size() - 1);
        assertThat(telemetry.outcome()).isEqualTo(PhaseOutcome.COMPLETED);
        assertThat(telemetry.counts()).containsEntry("sdk_enabled", 0L);
        assertThat(report.exitCode()).isZero();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }
}
