package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.devservices.telemetry.MetricPoint;
import io.quiesce.devservices.telemetry.OtlpReceiver;
import io.quiesce.devservices.telemetry.Span;
import io.quiesce.devservices.telemetry.SpanTree;
import io.quiesce.lifecycle.telemetry.TelemetryNames;
import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.SteadyLoad;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator's collector receives from the packaged server, decoded from the OTLP messages the server really
 * sends to a receiver on loopback: one trace per workflow instance, the shutdown as a span tree that arrives before
 * the process exits, and nothing at all (and no error) without an endpoint.
 */
class TelemetryIT {

    private static final Logger LOG = Logger.getLogger(TelemetryIT.class.getName());
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern ERROR_OR_TELEMETRY_WARNING = Pattern.compile(" E |SEVERE|CWMOT\\d{4}[EW]");
    private static final Pattern PHASE_LINE = Pattern.compile("event=shutdown\\.phase phase=(\\S+)");

    private LibertyServer server;
    private OtlpReceiver receiver;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /** The packaged server's jvm.options names the dev services' receiver; bin/server puts JVM_ARGS after it. */
    private static Map<String, String> exportingTo(String endpoint, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("JVM_ARGS", "-Dotel.exporter.otlp.endpoint=" + endpoint);
        return env;
    }

    @Test
    void anInstanceIsOneTraceFromItsPostThroughEveryActivity() throws Exception {
        receiver = OtlpReceiver.start(0);
        server = PackagedServer.start(
                "telemetry-trace", exportingTo(receiver.endpoint().toString(), Map.of("QUIESCE_LOG_FORMAT", "json")));
        server.awaitReady(Duration.ofSeconds(180));
        Api api = new Api(server.httpPort(), "/");

        HttpResponse started = api.send(
                "POST",
                "api/instances",
                Tokens.operator(),
                Map.of("Idempotency-Key", "telemetry-trace-" + UUID.randomUUID()),
                "application/json",
                "{\"type\":\"report\",\"input\":{\"steps\":2,\"stepMillis\":0}}");
        assertThat(started.status()).as(started.bodyText()).isEqualTo(202);
        String id = Api.json(started).getString("id");
        Poll.require("instance " + id + " to complete", WAIT, Duration.ofMillis(100), () -> {
            JsonObject instance = Api.json(api.get("api/instances/" + id, Tokens.viewer()));
            return Optional.of(instance).filter(i -> i.getString("status").equals("COMPLETED"));
        });

        // Batches arrive in any order (a workflow task's span ends after the activity span it parents was exported):
        // wait
        // until the trace has both steps and every span's parent; a parent that never arrives fails the wait with the
        // tree.
        List<Span> received = Poll.until(
                "the spans",
                WAIT,
                receiver::spans,
                spans -> postTrace(spans)
                        .filter(trace -> trace.stream()
                                        .filter(s -> s.name().startsWith("RunActivity:"))
                                        .count()
                                >= 2)
                        .filter(TelemetryIT::everyParentReceived)
                        .isPresent(),
                TelemetryIT::received);
        List<Span> trace = postTrace(received).orElseThrow();
        String tree = SpanTree.render(trace);
        LOG.info(() -> "event=it.instance_trace spans=" + trace.size() + "\n" + tree);

        Span root = trace.stream().filter(Span::isRoot).findFirst().orElseThrow();
        assertThat(root.kind()).as(tree).isEqualTo("SERVER");
        assertThat(root.name()).as(tree).isEqualTo("POST /api/instances");
        assertThat(trace)
                .as(tree)
                .extracting(Span::name)
                .anyMatch(n -> n.startsWith("StartWorkflow:"))
                .anyMatch(n -> n.startsWith("RunWorkflow:"))
                .anyMatch(n -> n.startsWith("StartActivity:"));
        assertThat(trace).as(tree).extracting(Span::serviceName).containsOnly("quiesce");

        // A schedule fire is a job span, and the JSON log line the job writes carries that span's ids.
        HttpResponse schedule = api.send(
                "POST",
                "api/schedules",
                Tokens.operator(),
                Map.of("Idempotency-Key", "telemetry-schedule-" + UUID.randomUUID()),
                "application/json",
                "{\"type\":\"report\",\"cron\":\"* * * * * ?\",\"input\":{\"steps\":1,\"stepMillis\":0}}");
        assertThat(schedule.status()).as(schedule.bodyText()).isEqualTo(201);
        String scheduleId = Api.json(schedule).getString("id");
        try {
            Span fire = Poll.until(
                            "the spans",
                            WAIT,
                            receiver::spans,
                            spans -> spans.stream().anyMatch(sp -> isFireOf(sp, scheduleId)),
                            TelemetryIT::received)
                    .stream()
                    .filter(sp -> isFireOf(sp, scheduleId))
                    .findFirst()
                    .orElseThrow();
            String line = Poll.require("the fire's JSON log line", WAIT, Duration.ofMillis(200), () -> {
                try {
                    return Files.readAllLines(server.messagesLog()).stream()
                            .filter(l -> l.contains("\"trace_id\":\"" + fire.traceId() + "\""))
                            .findFirst();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (var reader = Json.createReader(new StringReader(line))) {
                JsonObject json = reader.readObject();
                assertThat(json.getString("ext_event")).as(line).isEqualTo("jobs.schedule_fired");
                assertThat(json.getString("ext_schedule_id")).as(line).isEqualTo(scheduleId);
                assertThat(json.getString("span_id")).as(line).isEqualTo(fire.spanId());
                assertThat(json.getString("message")).as(line).startsWith("event=jobs.schedule_fired ");
            }
        } finally {
            api.send("DELETE", "api/schedules/" + scheduleId, Tokens.operator(), Map.of(), null, null);
        }
    }

    private static boolean isFireOf(Span span, String scheduleId) {
        return span.name().equals("job schedule-fire") && scheduleId.equals(span.attribute("quiesce.schedule.id"));
    }

    private static boolean everyParentReceived(List<Span> trace) {
        Set<String> ids = trace.stream().map(Span::spanId).collect(Collectors.toSet());
        return trace.stream().allMatch(s -> s.isRoot() || ids.contains(s.parentSpanId()));
    }

    private static Optional<List<Span>> postTrace(List<Span> spans) {
        return spans.stream()
                .filter(s -> s.isRoot() && s.name().equals("POST /api/instances"))
                .map(Span::traceId)
                .map(traceId ->
                        spans.stream().filter(s -> s.traceId().equals(traceId)).toList())
                .filter(trace -> trace.stream().anyMatch(s -> s.name().startsWith("RunWorkflow:")))
                .findFirst();
    }

    @Test
    void sigtermUnderLoadExportsTheShutdownTreeAndItsMetricsBeforeTheProcessExits() throws Exception {
        receiver = OtlpReceiver.start(0);
        server = PackagedServer.start(
                "telemetry-shutdown",
                exportingTo(receiver.endpoint().toString(), Map.of("QUIESCE_SHUTDOWN_DELAY", "2s")));
        int port = server.httpPort();
        server.awaitReady(Duration.ofSeconds(180));
        SteadyLoad load = new SteadyLoad(
                port,
                3,
                Duration.ofMillis(40),
                List.of(SteadyLoad.Request.get("/api/demo/sleep?seconds=0")),
                Map.of("Authorization", "Bearer " + Tokens.viewer()));
        Poll.require(
                "load to be flowing",
                Duration.ofSeconds(30),
                Duration.ofMillis(20),
                () -> Optional.of(load.completed()).filter(n -> n >= 30));
        // In flight at the signal and beyond the delay, so that the drain has something to wait for.
        HttpConnection slow =
                HttpConnection.open("127.0.0.1", port, WAIT).withHeader("Authorization", "Bearer " + Tokens.viewer());
        CompletableFuture<HttpResponse> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return slow.get("/api/demo/sleep?seconds=4");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        int before = load.completed();
        Poll.require(
                "the slow request to be in flight",
                Duration.ofSeconds(10),
                Duration.ofMillis(20),
                () -> Optional.of(load.completed()).filter(n -> n >= before + 20));

        server.sigterm();
        List<Span> spans = Poll.until(
                "the spans",
                WAIT,
                receiver::spans,
                s -> s.stream().anyMatch(TelemetryIT::isShutdownRoot),
                TelemetryIT::received);
        boolean aliveWhenReceived = server.isAlive();
        List<SteadyLoad.Outcome> outcomes = load.stop();
        Optional<Integer> exitCode = server.awaitExit(WAIT);

        Span root = spans.stream()
                .filter(TelemetryIT::isShutdownRoot)
                .reduce((a, b) -> b)
                .orElseThrow();
        List<Span> tree = receiver.trace(root.traceId());
        String rendered = SpanTree.render(tree);
        LOG.info(() -> "event=it.shutdown_trace alive_when_received=" + aliveWhenReceived + "\n" + rendered);

        assertThat(aliveWhenReceived)
                .as("the shutdown trace arrived before the process exited")
                .isTrue();
        assertThat(exitCode).as(server.logs()).contains(0);
        assertThat(outcomes).filteredOn(SteadyLoad.Outcome::failed).isEmpty();
        assertThat(inFlight.get(30, TimeUnit.SECONDS).status())
                .as("the request in flight at the signal")
                .isEqualTo(200);
        assertThat((Long) root.attribute(TelemetryNames.IN_FLIGHT_AT_SIGNAL.getKey()))
                .as(rendered)
                .isPositive();
        assertThat(root.attribute(TelemetryNames.TRIGGER.getKey())).isEqualTo("sigterm");
        assertThat(root.attribute(TelemetryNames.EXIT_CODE.getKey())).isEqualTo(0L);
        assertThat((Long) root.attribute(TelemetryNames.SERVED_WHILE_DRAINING.getKey()))
                .as(rendered)
                .isPositive();
        assertThat(root.event(TelemetryNames.EVENT_READINESS_DOWN)).as(rendered).isPresent();
        assertThat(root.event(TelemetryNames.EVENT_LAST_REQUEST_DRAINED))
                .as(rendered)
                .isPresent();

        // Every phase the server logged (but the export itself, which is this trace) is a child span of the root.
        Matcher phases = PHASE_LINE.matcher(Files.readString(server.messagesLog()));
        List<String> logged = phases.results()
                .map(m -> m.group(1))
                .filter(p -> !p.equals("telemetry"))
                .toList();
        assertThat(logged).contains("stop-intake", "delay", "http-drain", "jobs", "workflow");
        for (String phase : logged) {
            Span child = tree.stream()
                    .filter(s -> s.name().equals(TelemetryNames.SPAN_PHASE_PREFIX + phase))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no span for phase " + phase + "\n" + rendered));
            assertThat(child.parentSpanId()).as(phase).isEqualTo(root.spanId());
            assertThat(child.attribute(TelemetryNames.OUTCOME.getKey()))
                    .as(phase)
                    .isNotNull();
        }
        Span drain = tree.stream()
                .filter(s -> s.name().equals("shutdown.http-drain"))
                .findFirst()
                .orElseThrow();
        assertThat((Long) drain.attribute(TelemetryNames.COUNT_PREFIX + "in_flight_at_start"))
                .as(rendered)
                .isPositive();
        assertThat(drain.attribute(TelemetryNames.COUNT_PREFIX + "in_flight_left"))
                .as(rendered)
                .isEqualTo(0L);

        List<MetricPoint> points = receiver.metricPoints();
        assertThat(points)
                .as("served while draining")
                .anyMatch(p -> p.name().equals(TelemetryNames.METRIC_SERVED_WHILE_DRAINING) && p.asDouble() > 0);
        assertThat(points)
                .as("the drain's duration")
                .anyMatch(p -> p.name().equals(TelemetryNames.METRIC_PHASE_DURATION)
                        && "http-drain".equals(p.attributes().get(TelemetryNames.PHASE.getKey()))
                        && p.count() > 0);
    }

    /** What did arrive, for a wait that timed out. */
    private static String received(List<Span> spans) {
        return spans.size() + " spans:\n" + SpanTree.render(spans);
    }

    private static boolean isShutdownRoot(Span span) {
        return span.isRoot() && span.name().equals(TelemetryNames.SPAN_SHUTDOWN);
    }

    @Test
    void withoutAnEndpointNothingIsExportedAndNothingLogsAnError() throws Exception {
        // Where the SDK would send with no endpoint configured (OTLP over HTTP's default), to catch it if it did.
        receiver = OtlpReceiver.start(4318);
        server = PackagedServer.start("telemetry-off", exportingTo("", Map.of()));
        int port = server.httpPort();
        server.awaitReady(Duration.ofSeconds(180));
        Api api = new Api(port, "/");
        assertThat(api.get("api/demo/sleep?seconds=0", Tokens.viewer()).status())
                .isEqualTo(200);
        assertThat(api.get("api/instances", Tokens.viewer()).status()).isEqualTo(200);
        server.sigterm();
        assertThat(server.awaitExit(WAIT)).as(server.logs()).contains(0);

        String messages = Files.readString(server.messagesLog());
        assertThat(receiver.requests()).as("requests that reached the receiver").isZero();
        assertThat(messages).contains("event=shutdown.phase phase=telemetry").contains("sdk_enabled=0");
        assertThat(messages.lines()
                        .filter(l -> ERROR_OR_TELEMETRY_WARNING.matcher(l).find()))
                .as("errors or telemetry warnings")
                .isEmpty();
    }
}
