package io.quiesce.devservices.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One received span, flattened for assertions: ids in lower-case hex ({@code parentSpanId} empty for a root), kind and
 * status as the OTLP enum names without their prefix ({@code SERVER}, {@code ERROR}), attribute values as String, Boolean,
 * Long, Double, List or Map.
 */
public record Span(
        String traceId,
        String spanId,
        String parentSpanId,
        String name,
        String kind,
        long startEpochNanos,
        long endEpochNanos,
        Map<String, Object> attributes,
        List<SpanEvent> events,
        String statusCode,
        String statusMessage,
        Map<String, Object> resource,
        String scope) {

    public Span {
        events = List.copyOf(events);
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public Duration duration() {
        return Duration.ofNanos(endEpochNanos - startEpochNanos);
    }

    public Object attribute(String key) {
        return attributes.get(key);
    }

    public String serviceName() {
        return String.valueOf(resource.get("service.name"));
    }

    public Optional<SpanEvent> event(String eventName) {
        return events.stream().filter(e -> e.name().equals(eventName)).findFirst();
    }
}
