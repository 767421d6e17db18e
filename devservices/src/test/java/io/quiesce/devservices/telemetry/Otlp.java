package io.quiesce.devservices.telemetry;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;

/** Builds OTLP messages as an SDK's exporter sends them. */
final class Otlp {

    private Otlp() {}

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    static KeyValue attribute(String key, long value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setIntValue(value))
                .build();
    }

    static Resource resource(String serviceName) {
        return Resource.newBuilder()
                .addAttributes(attribute("service.name", serviceName))
                .build();
    }

    static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    /** A span of trace {@code traceHex}; {@code parentHex} empty for a root; times in ms after {@code baseNanos}. */
    static Span.Builder span(
            String traceHex,
            String spanHex,
            String parentHex,
            String name,
            long baseNanos,
            long startMillis,
            long endMillis) {
        return Span.newBuilder()
                .setTraceId(id(traceHex))
                .setSpanId(id(spanHex))
                .setParentSpanId(id(parentHex))
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(baseNanos + startMillis * 1_000_000)
                .setEndTimeUnixNano(baseNanos + endMillis * 1_000_000);
    }

    static ExportTraceServiceRequest traces(Resource resource, String scope, Span.Builder... spans) {
        ScopeSpans.Builder scopeSpans = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(scope));
        for (Span.Builder span : spans) {
            scopeSpans.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(
                        ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scopeSpans))
                .build();
    }
}
