package io.quiesce.devservices.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quiesce.testkit.Poll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receiver against the OTLP/HTTP exporters of the SDK version Liberty's mpTelemetry-2.0 carries (1.39.0). */
class SdkExportTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Resource RESOURCE = Resource.getDefault()
            .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "quiesce")));

    private final OtlpReceiver receiver = OtlpReceiver.start(0);

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void receivesTheSdksGzippedSpansWithTheirParentsEventsAndResource() {
        SdkTracerProvider tracing = SdkTracerProvider.builder()
                .setResource(RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                        .setEndpoint(receiver.endpoint() + "/v1/traces")
                        .setCompression("gzip")
                        .build()))
                .build();
        try {
            Tracer tracer = tracing.get("io.quiesce.lifecycle");
            io.opentelemetry.api.trace.Span root = tracer.spanBuilder("shutdown")
                    .setAttribute("quiesce.shutdown.trigger", "SIGTERM")
                    .startSpan();
            try (Scope ignored = root.makeCurrent()) {
                tracer.spanBuilder("shutdown.delay")
                        .startSpan()
                        .addEvent("readiness.down")
                        .end();
            }
            root.setAttribute("quiesce.shutdown.exit_code", 0L).end();
            tracing.forceFlush().join(10, TimeUnit.SECONDS);

            List<Span> spans = Poll.until("two spans", DEADLINE, receiver::spans, s -> s.size() == 2, SpanTree::render);

            Span shutdown = spans.stream().filter(Span::isRoot).findFirst().orElseThrow();
            Span delay = spans.stream().filter(s -> !s.isRoot()).findFirst().orElseThrow();
            assertThat(shutdown.name()).isEqualTo("shutdown");
            assertThat(shutdown.traceId()).isEqualTo(root.getSpanContext().getTraceId());
            assertThat(shutdown.spanId()).isEqualTo(root.getSpanContext().getSpanId());
            assertThat(shutdown.attributes())
                    .containsEntry("quiesce.shutdown.trigger", "SIGTERM")
                    .containsEntry("quiesce.shutdown.exit_code", 0L);
            assertThat(shutdown.serviceName()).isEqualTo("quiesce");
            assertThat(shutdown.resource()).containsEntry("telemetry.sdk.version", "1.39.0");
            assertThat(shutdown.scope()).isEqualTo("io.quiesce.lifecycle");
            assertThat(delay.parentSpanId()).isEqualTo(shutdown.spanId());
            assertThat(delay.event("readiness.down")).isPresent();
            assertThat(receiver.trace(shutdown.traceId()))
                    .extracting(Span::name)
                    .containsExactly("shutdown", "shutdown.delay");
        } finally {
            tracing.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void receivesTheSdksMetricPointsAndLogRecords() {
        SdkMeterProvider metrics = SdkMeterProvider.builder()
                .setResource(RESOURCE)
                .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                                .setEndpoint(receiver.endpoint() + "/v1/metrics")
                                .build())
                        .setInterval(Duration.ofHours(1))
                        .build())
                .build();
        SdkLoggerProvider logs = SdkLoggerProvider.builder()
                .setResource(RESOURCE)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(OtlpHttpLogRecordExporter.builder()
                        .setEndpoint(receiver.endpoint() + "/v1/logs")
                        .build()))
                .build();
        try {
            metrics.get("io.quiesce.lifecycle")
                    .upDownCounterBuilder("http.server.active_requests")
                    .setUnit("{request}")
                    .build()
                    .add(2, Attributes.of(AttributeKey.stringKey("quiesce.lifecycle.state"), "DRAINING"));
            logs.get("io.quiesce")
                    .logRecordBuilder()
                    .setSeverity(Severity.INFO)
                    .setBody("event=lifecycle.draining")
                    .emit();
            metrics.forceFlush().join(10, TimeUnit.SECONDS);
            logs.forceFlush().join(10, TimeUnit.SECONDS);

            MetricPoint point = Poll.until(
                            "a metric point", DEADLINE, receiver::metricPoints, p -> !p.isEmpty(), Object::toString)
                    .get(0);
            assertThat(point.name()).isEqualTo("http.server.active_requests");
            assertThat(point.unit()).isEqualTo("{request}");
            assertThat(point.type()).isEqualTo("SUM");
            assertThat(point.value()).isEqualTo(2L);
            assertThat(point.attributes()).containsEntry("quiesce.lifecycle.state", "DRAINING");
            LogRecord record = Poll.until(
                            "a log record", DEADLINE, receiver::logRecords, r -> !r.isEmpty(), Object::toString)
                    .get(0);
            assertThat(record.body()).isEqualTo("event=lifecycle.draining");
            assertThat(record.severityNumber()).isEqualTo(Severity.INFO.getSeverityNumber());
            assertThat(record.resource()).containsEntry("service.name", "quiesce");
        } finally {
            metrics.shutdown().join(10, TimeUnit.SECONDS);
            logs.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
