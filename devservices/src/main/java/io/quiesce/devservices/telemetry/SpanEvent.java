package io.quiesce.devservices.telemetry;

import java.util.Map;

/** A span event: a notable moment inside a span (readiness DOWN, last request drained). */
public record SpanEvent(String name, long epochNanos, Map<String, Object> attributes) {}
