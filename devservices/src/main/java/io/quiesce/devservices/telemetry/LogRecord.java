package io.quiesce.devservices.telemetry;

import java.util.Map;

/** One received log record; {@code traceId} and {@code spanId} are empty when the line was written outside a span. */
public record LogRecord(
        long epochNanos,
        long observedEpochNanos,
        int severityNumber,
        String severityText,
        Object body,
        Map<String, Object> attributes,
        String traceId,
        String spanId,
        Map<String, Object> resource,
        String scope) {}
