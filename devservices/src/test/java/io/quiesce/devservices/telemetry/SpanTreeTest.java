package io.quiesce.devservices.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanTreeTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final long T0 = 1_764_600_000_000_000_000L;
    private static final Map<String, Object> SERVER_A =
            Map.of("service.name", "quiesce", "host.name", "a", "process.pid", 11L);
    private static final Map<String, Object> SERVER_B =
            Map.of("service.name", "quiesce", "host.name", "b", "process.pid", 22L);

    @Test
    void rendersChildrenAndEventsInTimeOrderWithDurationsOffsetsAndTheAttributesWorthReading() {
        Map<String, Object> rootAttributes = new LinkedHashMap<>();
        rootAttributes.put("quiesce.shutdown.trigger", "SIGTERM");
        rootAttributes.put("quiesce.shutdown.exit_code", 0L);
        rootAttributes.put("thread.name", "SIGTERM handler");
        Map<String, Object> drain = new LinkedHashMap<>();
        drain.put("quiesce.http.drained", 3L);
        drain.put("quiesce.http.outcome", "drained");
        drain.put("quiesce.ratio", 0.5);
        List<Span> spans = List.of(
                // Out of order on purpose: the tree sorts by time, not by arrival.
                span("c", "a", "shutdown.http-drain", 5_001_400_000L, 5_712_300_000L, drain, List.of(), SERVER_A),
                span(
                        "b",
                        "a",
                        "shutdown.delay",
                        1_400_000L,
                        5_001_400_000L,
                        Map.of(),
                        List.of(new SpanEvent("readiness.down", T0 + 200_000, Map.of())),
                        SERVER_A),
                span(
                        "a",
                        "",
                        "shutdown",
                        0,
                        5_712_300_000L,
                        rootAttributes,
                        List.of(new SpanEvent(
                                "last_request.drained", T0 + 5_700_000_000L, Map.of("quiesce.requests", 3L))),
                        SERVER_A),
                span("d", "a", "shutdown.stop-intake", 100_000L, 1_300_000L, Map.of(), List.of(), SERVER_A));

        assertThat(SpanTree.render(spans)).isEqualTo("""
                shutdown                  5712.3 ms     +0.0 ms  shutdown.exit_code=0 shutdown.trigger=SIGTERM
                  shutdown.stop-intake       1.2 ms     +0.1 ms
                  shutdown.delay          5000.0 ms     +1.4 ms
                    * readiness.down                    +0.2 ms
                  shutdown.http-drain      710.9 ms  +5001.4 ms  http.drained=3 http.outcome=drained ratio=0.5
                  * last_request.drained             +5700.0 ms  requests=3
                """);
    }

    @Test
    void namesTheProcessOfEachSpanWhenATraceCrossesServersAndMarksOrphansAndErrors() {
        List<Span> spans = List.of(
                span(
                        "a",
                        "",
                        "POST /api/instances",
                        0,
                        30_000_000L,
                        Map.of("http.response.status_code", 202L),
                        List.of(),
                        SERVER_A),
                new Span(
                        TRACE,
                        "b",
                        "f",
                        "RunActivity:Step",
                        "SERVER",
                        T0 + 2_000_000_000L,
                        T0 + 2_500_000_000L,
                        Map.<String, Object>of("workflowId", "report-1"),
                        List.of(),
                        "ERROR",
                        "step failed",
                        SERVER_B,
                        "io.temporal"));

        assertThat(SpanTree.render(spans)).isEqualTo("""
                POST /api/instances   30.0 ms     +0.0 ms  [a pid 11] http.response.status_code=202
                RunActivity:Step     500.0 ms  +2000.0 ms  [b pid 22] workflowId=report-1 status=ERROR "step failed" (parent f not received)
                """);
        assertThat(SpanTree.render(List.of())).isEmpty();
    }

    private static Span span(
            String id,
            String parent,
            String name,
            long startNanos,
            long endNanos,
            Map<String, Object> attributes,
            List<SpanEvent> events,
            Map<String, Object> resource) {
        return new Span(
                TRACE,
                id,
                parent,
                name,
                "INTERNAL",
                T0 + startNanos,
                T0 + endNanos,
                attributes,
                events,
                "UNSET",
                "",
                resource,
                "io.quiesce.lifecycle");
    }
}
