package io.quiesce.devservices.telemetry;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP protobuf messages to the receiver's flat records, each carrying its resource's attributes and its scope's name. */
public final class OtlpDecoder {

    private static final HexFormat HEX = HexFormat.of();

    private OtlpDecoder() {}

    public static List<Span> spans(ExportTraceServiceRequest request) {
        List<Span> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, Object> resource =
                    attributes(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                String scope = scopeSpans.getScope().getName();
                for (io.opentelemetry.proto.trace.v1.Span span : scopeSpans.getSpansList()) {
                    spans.add(span(span, resource, scope));
                }
            }
        }
        return spans;
    }

    private static Span span(io.opentelemetry.proto.trace.v1.Span span, Map<String, Object> resource, String scope) {
        List<SpanEvent> events = span.getEventsList().stream()
                .map(e -> new SpanEvent(e.getName(), e.getTimeUnixNano(), attributes(e.getAttributesList())))
                .toList();
        return new Span(
                hex(span.getTraceId()),
                hex(span.getSpanId()),
                hex(span.getParentSpanId()),
                span.getName(),
                enumName(span.getKind().name(), "SPAN_KIND_"),
                span.getStartTimeUnixNano(),
                span.getEndTimeUnixNano(),
                attributes(span.getAttributesList()),
                events,
                enumName(span.getStatus().getCode().name(), "STATUS_CODE_"),
                span.getStatus().getMessage(),
                resource,
                scope);
    }

    public static List<MetricPoint> metricPoints(ExportMetricsServiceRequest request) {
        List<MetricPoint> points = new ArrayList<>();
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            Map<String, Object> resource =
                    attributes(resourceMetrics.getResource().getAttributesList());
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                String scope = scopeMetrics.getScope().getName();
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    points.addAll(points(metric, resource, scope));
                }
            }
        }
        return points;
    }

    private static List<MetricPoint> points(Metric metric, Map<String, Object> resource, String scope) {
        String type = metric.getDataCase().name();
        return switch (metric.getDataCase()) {
            case GAUGE ->
                metric.getGauge().getDataPointsList().stream()
                        .map(p -> number(metric, type, p, resource, scope))
                        .toList();
            case SUM ->
                metric.getSum().getDataPointsList().stream()
                        .map(p -> number(metric, type, p, resource, scope))
                        .toList();
            case HISTOGRAM ->
                metric.getHistogram().getDataPointsList().stream()
                        .map(p -> histogram(metric, type, p, resource, scope))
                        .toList();
            case EXPONENTIAL_HISTOGRAM ->
                metric.getExponentialHistogram().getDataPointsList().stream()
                        .map(p -> exponential(metric, type, p, resource, scope))
                        .toList();
            case SUMMARY ->
                metric.getSummary().getDataPointsList().stream()
                        .map(p -> summary(metric, type, p, resource, scope))
                        .toList();
            case DATA_NOT_SET -> List.of();
        };
    }

    private static MetricPoint number(
            Metric metric, String type, NumberDataPoint p, Map<String, Object> resource, String scope) {
        Number value =
                p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? (Number) p.getAsInt() : (Number) p.getAsDouble();
        return new MetricPoint(
                metric.getName(),
                metric.getUnit(),
                type,
                attributes(p.getAttributesList()),
                value,
                0,
                0,
                p.getStartTimeUnixNano(),
                p.getTimeUnixNano(),
                resource,
                scope);
    }

    private static MetricPoint histogram(
            Metric metric, String type, HistogramDataPoint p, Map<String, Object> resource, String scope) {
        return new MetricPoint(
                metric.getName(),
                metric.getUnit(),
                type,
                attributes(p.getAttributesList()),
                null,
                p.getCount(),
                p.getSum(),
                p.getStartTimeUnixNano(),
                p.getTimeUnixNano(),
                resource,
                scope);
    }

    private static MetricPoint exponential(
            Metric metric, String type, ExponentialHistogramDataPoint p, Map<String, Object> resource, String scope) {
        return new MetricPoint(
                metric.getName(),
                metric.getUnit(),
                type,
                attributes(p.getAttributesList()),
                null,
                p.getCount(),
                p.getSum(),
                p.getStartTimeUnixNano(),
                p.getTimeUnixNano(),
                resource,
                scope);
    }

    private static MetricPoint summary(
            Metric metric, String type, SummaryDataPoint p, Map<String, Object> resource, String scope) {
        return new MetricPoint(
                metric.getName(),
                metric.getUnit(),
                type,
                attributes(p.getAttributesList()),
                null,
                p.getCount(),
                p.getSum(),
                p.getStartTimeUnixNano(),
                p.getTimeUnixNano(),
                resource,
                scope);
    }

    public static List<LogRecord> logRecords(ExportLogsServiceRequest request) {
        List<LogRecord> records = new ArrayList<>();
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            Map<String, Object> resource = attributes(resourceLogs.getResource().getAttributesList());
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                String scope = scopeLogs.getScope().getName();
                for (io.opentelemetry.proto.logs.v1.LogRecord r : scopeLogs.getLogRecordsList()) {
                    records.add(new LogRecord(
                            r.getTimeUnixNano(),
                            r.getObservedTimeUnixNano(),
                            r.getSeverityNumberValue(),
                            r.getSeverityText(),
                            value(r.getBody()),
                            attributes(r.getAttributesList()),
                            hex(r.getTraceId()),
                            hex(r.getSpanId()),
                            resource,
                            scope));
                }
            }
        }
        return records;
    }

    /** In the order sent (the tree printer shows them so); unmodifiable, and null where a value was not set. */
    static Map<String, Object> attributes(List<KeyValue> keyValues) {
        if (keyValues.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            map.put(keyValue.getKey(), value(keyValue.getValue()));
        }
        return Collections.unmodifiableMap(map);
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE ->
                value.getArrayValue().getValuesList().stream()
                        .map(OtlpDecoder::value)
                        .toList();
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            // Hex rather than byte[], so that records compare by value.
            case BYTES_VALUE -> hex(value.getBytesValue());
            case VALUE_NOT_SET -> null;
        };
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }

    private static String enumName(String name, String prefix) {
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
}
