package io.quiesce.devservices.telemetry;

import static io.quiesce.devservices.telemetry.Otlp.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.trace.v1.Span.Event;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import io.quiesce.testkit.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP against a real receiver on a free loopback port, with messages built as an SDK's exporter builds them. */
class OtlpReceiverTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final long T0 = 1_764_600_000_000_000_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newHttpClient();
    private OtlpReceiver receiver = OtlpReceiver.start(0);

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void decodesATraceRequestIntoSpansAndAnswersTheEmptyResponse() throws Exception {
        ExportTraceServiceRequest request = Otlp.traces(
                Otlp.resource("quiesce"),
                "io.quiesce.lifecycle",
                Otlp.span(TRACE, "00f067aa0ba902b7", "", "shutdown", T0, 0, 5712)
                        .setKind(SpanKind.SPAN_KIND_SERVER)
                        .addAttributes(attribute("quiesce.shutdown.trigger", "SIGTERM"))
                        .addAttributes(attribute("quiesce.shutdown.exit_code", 0))
                        .addAttributes(KeyValue.newBuilder()
                                .setKey("quiesce.flags")
                                .setValue(AnyValue.newBuilder()
                                        .setArrayValue(ArrayValue.newBuilder()
                                                .addValues(AnyValue.newBuilder().setBoolValue(true))
                                                .addValues(AnyValue.newBuilder().setDoubleValue(1.5)))))
                        .addEvents(Event.newBuilder()
                                .setName("readiness.down")
                                .setTimeUnixNano(T0 + 65_000_000)
                                .addAttributes(attribute("quiesce.reason", "shutdown")))
                        .setStatus(Status.newBuilder()
                                .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                                .setMessage("late")),
                Otlp.span(TRACE, "1111111111111111", "00f067aa0ba902b7", "shutdown.delay", T0, 1, 5001));

        HttpResponse<byte[]> response = post("/v1/traces", "application/x-protobuf", null, request.toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(response.body()).isEmpty();
        assertThat(receiver.spans()).hasSize(2);
        Span root = receiver.spans().get(0);
        assertThat(root)
                .isEqualTo(new Span(
                        TRACE,
                        "00f067aa0ba902b7",
                        "",
                        "shutdown",
                        "SERVER",
                        T0,
                        T0 + 5_712_000_000L,
                        Map.of(
                                "quiesce.shutdown.trigger",
                                "SIGTERM",
                                "quiesce.shutdown.exit_code",
                                0L,
                                "quiesce.flags",
                                List.of(true, 1.5)),
                        List.of(new SpanEvent("readiness.down", T0 + 65_000_000, Map.of("quiesce.reason", "shutdown"))),
                        "ERROR",
                        "late",
                        Map.of("service.name", "quiesce"),
                        "io.quiesce.lifecycle"));
        assertThat(root.isRoot()).isTrue();
        assertThat(root.duration()).isEqualTo(Duration.ofMillis(5712));
        assertThat(root.serviceName()).isEqualTo("quiesce");
        assertThat(receiver.trace(TRACE)).extracting(Span::name).containsExactly("shutdown", "shutdown.delay");
        assertThat(receiver.trace(TRACE).get(1).parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(receiver.arrivals())
                .singleElement()
                .satisfies(a -> assertThat(a.signal()).isEqualTo(OtlpSignal.TRACES))
                .satisfies(a -> assertThat(a.items()).isEqualTo(2));
    }

    @Test
    void decodesGzippedMetricPoints() throws Exception {
        Metric inFlight = Metric.newBuilder()
                .setName("http.server.active_requests")
                .setUnit("{request}")
                .setSum(Sum.newBuilder()
                        .addDataPoints(NumberDataPoint.newBuilder()
                                .setAsInt(3)
                                .setTimeUnixNano(T0)
                                .addAttributes(attribute("quiesce.lifecycle.state", "DRAINING"))))
                .build();
        Metric state = Metric.newBuilder()
                .setName("quiesce.lifecycle.state")
                .setUnit("1")
                .setGauge(Gauge.newBuilder()
                        .addDataPoints(
                                NumberDataPoint.newBuilder().setAsDouble(2.5).setTimeUnixNano(T0)))
                .build();
        Metric phases = Metric.newBuilder()
                .setName("quiesce.shutdown.phase.duration")
                .setUnit("s")
                .setHistogram(Histogram.newBuilder()
                        .addDataPoints(HistogramDataPoint.newBuilder()
                                .setCount(4)
                                .setSum(5.25)
                                .setStartTimeUnixNano(T0 - 1)
                                .setTimeUnixNano(T0)))
                .build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Otlp.resource("quiesce"))
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("io.quiesce.lifecycle"))
                                .addMetrics(inFlight)
                                .addMetrics(state)
                                .addMetrics(phases)))
                .build();

        HttpResponse<byte[]> response =
                post("/v1/metrics", "application/x-protobuf", "gzip", gzip(request.toByteArray()));

        assertThat(response.statusCode()).isEqualTo(200);
        List<MetricPoint> points = receiver.metricPoints();
        assertThat(points)
                .extracting(MetricPoint::name, MetricPoint::type, MetricPoint::unit)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("http.server.active_requests", "SUM", "{request}"),
                        org.assertj.core.groups.Tuple.tuple("quiesce.lifecycle.state", "GAUGE", "1"),
                        org.assertj.core.groups.Tuple.tuple("quiesce.shutdown.phase.duration", "HISTOGRAM", "s"));
        assertThat(points.get(0).value()).isEqualTo(3L);
        assertThat(points.get(0).attributes()).containsEntry("quiesce.lifecycle.state", "DRAINING");
        assertThat(points.get(1).asDouble()).isEqualTo(2.5);
        assertThat(points.get(2).count()).isEqualTo(4);
        assertThat(points.get(2).asDouble()).isEqualTo(5.25);
        assertThat(points.get(2).value()).isNull();
        assertThat(points.get(2).resource()).containsEntry("service.name", "quiesce");
        assertThat(points.get(2).scope()).isEqualTo("io.quiesce.lifecycle");
    }

    @Test
    void decodesLogRecordsWithTheirSpanContext() throws Exception {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Otlp.resource("quiesce"))
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("io.quiesce"))
                                .addLogRecords(io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                                        .setTimeUnixNano(T0)
                                        .setObservedTimeUnixNano(T0 + 1)
                                        .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                                        .setSeverityText("INFO")
                                        .setBody(AnyValue.newBuilder().setStringValue("event=lifecycle.draining"))
                                        .addAttributes(attribute("quiesce.event", "lifecycle.draining"))
                                        .setTraceId(Otlp.id(TRACE))
                                        .setSpanId(Otlp.id("00f067aa0ba902b7")))))
                .build();

        assertThat(post("/v1/logs", "application/x-protobuf", null, request.toByteArray())
                        .statusCode())
                .isEqualTo(200);

        assertThat(receiver.logRecords())
                .containsExactly(new LogRecord(
                        T0,
                        T0 + 1,
                        9,
                        "INFO",
                        "event=lifecycle.draining",
                        Map.of("quiesce.event", "lifecycle.draining"),
                        TRACE,
                        "00f067aa0ba902b7",
                        Map.of("service.name", "quiesce"),
                        "io.quiesce"));
    }

    @Test
    void rejectsWhatIsNotAnOtlpProtobufExportWithAStatusMessage() throws Exception {
        byte[] valid = Otlp.traces(
                        Otlp.resource("quiesce"), "s", Otlp.span(TRACE, "00f067aa0ba902b7", "", "x", T0, 0, 1))
                .toByteArray();

        HttpResponse<byte[]> garbage = post(
                "/v1/traces", "application/x-protobuf", null, "not protobuf at all".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(statusMessage(garbage.body())).startsWith("the body is not an OTLP traces request");
        assertThat(post("/v1/traces", "application/json", null, "{}".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(415);
        assertThat(post("/v1/traces", "application/x-protobuf", "br", valid).statusCode())
                .isEqualTo(415);
        assertThat(post("/v1/traces", "application/x-protobuf", "gzip", valid).statusCode())
                .isEqualTo(400);
        assertThat(post("/v2/traces", "application/x-protobuf", null, valid).statusCode())
                .isEqualTo(404);
        HttpResponse<byte[]> get = http.send(
                HttpRequest.newBuilder(uri("/v1/traces")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(405);

        assertThat(receiver.spans()).isEmpty();
        assertThat(receiver.arrivals()).isEmpty();
        assertThat(receiver.requests()).isEqualTo(6);
    }

    @Test
    void aPollOfTheReceiverReturnsOnceTheConditionHoldsAndOtherwiseListsWhatArrived() throws Exception {
        byte[] request = Otlp.traces(
                        Otlp.resource("quiesce"), "s", Otlp.span(TRACE, "00f067aa0ba902b7", "", "shutdown", T0, 0, 10))
                .toByteArray();
        CompletableFuture<Integer> posted = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/v1/traces", "application/x-protobuf", null, request)
                        .statusCode();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        List<Span> spans = Poll.until(
                "the shutdown span",
                DEADLINE,
                receiver::spans,
                s -> s.stream().anyMatch(span -> span.name().equals("shutdown")),
                SpanTree::render);

        assertThat(spans).extracting(Span::name).containsExactly("shutdown");
        assertThat(posted.get()).isEqualTo(200);
        assertThatThrownBy(() -> Poll.until(
                        "two spans at " + receiver.endpoint(),
                        Duration.ofMillis(50),
                        receiver::spans,
                        s -> s.size() > 1,
                        s -> s.size() + " spans:\n" + SpanTree.render(s)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("timed out after 50 ms waiting for two spans at " + receiver.endpoint())
                .hasMessageContaining("1 spans:\nshutdown");
        assertThatThrownBy(() -> Poll.until(
                        "a metric point",
                        Duration.ofMillis(10),
                        receiver::metricPoints,
                        p -> !p.isEmpty(),
                        p -> p.size() + " metric points"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("0 metric points");

        receiver.clear();
        assertThat(receiver.spans()).isEmpty();
        assertThat(receiver.requests()).isZero();
    }

    @Test
    void persistsEachAcceptedRequestUncompressedForThePrinter() throws Exception {
        receiver.close();
        receiver = OtlpReceiver.start(0, dir);
        ExportTraceServiceRequest request = Otlp.traces(
                Otlp.resource("quiesce"), "s", Otlp.span(TRACE, "00f067aa0ba902b7", "", "shutdown", T0, 0, 10));

        assertThat(post("/v1/traces", "application/x-protobuf", "gzip", gzip(request.toByteArray()))
                        .statusCode())
                .isEqualTo(200);
        assertThat(post("/v1/traces", "text/plain", null, new byte[] {1}).statusCode())
                .isEqualTo(415);

        List<Path> files = TelemetryArchive.list(dir.resolve("traces"));
        assertThat(files).singleElement().satisfies(file -> {
            assertThat(file.getFileName().toString()).matches("\\d{8}T\\d{6}\\.\\d{3}Z-000001\\.binpb");
            assertThat(Files.readAllBytes(file)).isEqualTo(request.toByteArray());
        });
        assertThat(TelemetryArchive.readSpans(dir)).isEqualTo(receiver.spans());
        assertThat(dir.resolve("metrics")).isEmptyDirectory();
        assertThat(dir.resolve("logs")).isEmptyDirectory();
    }

    private HttpResponse<byte[]> post(String path, String contentType, String encoding, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(DEADLINE);
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return receiver.endpoint().resolve(path);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    /** Field 2 of the google.rpc.Status the receiver answers errors with. */
    private static String statusMessage(byte[] status) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(status);
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag >>> 3 == 2) {
                return in.readString();
            }
            in.skipField(tag);
        }
        return null;
    }
}
