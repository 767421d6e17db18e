package io.quiesce.lifecycle.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.websphere.logging.hpel.LogRecordContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private static Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("phase", "http-drain");
        fields.put("duration", Duration.ofMillis(1500));
        fields.put("in_flight", 2);
        fields.put("detail", "said \"no\"\nthen left");
        return fields;
    }

    @Test
    void jsonAttachesEveryFieldToTheRecordsOfTheLoggingThreadOnly() {
        Logger logger = Logger.getLogger("json-" + System.nanoTime());
        logger.setUseParentHandlers(false);
        List<String> messages = new ArrayList<>();
        List<Map<String, String>> extensions = new ArrayList<>();
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(record.getMessage());
                Map<String, String> seen = new HashMap<>();
                LogRecordContext.getExtensions(seen);
                extensions.add(seen);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });

        new EventLog(logger, LogFormat.JSON).info("shutdown.phase", fields());
        logger.info("a line of somebody else");

        assertThat(messages.get(0))
                .isEqualTo(
                        "event=shutdown.phase phase=http-drain duration=1500 in_flight=2 detail=\"said \\\"no\\\"\\nthen left\"");
        assertThat(extensions.get(0))
                .containsEntry("event", "shutdown.phase")
                .containsEntry("phase", "http-drain")
                .containsEntry("duration", "1500")
                .containsEntry("in_flight", "2")
                .containsEntry("detail", "said \"no\"\nthen left")
                // no span is current here
                .doesNotContainKeys("trace_id", "span_id");
        assertThat(extensions.get(1)).doesNotContainKeys("event", "phase");
    }

    @Test
    void jsonRecordsCarryTheCurrentSpansIds() {
        new EventLog(Logger.getLogger("t"), LogFormat.JSON);
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
            Span span = tracing.get("test").spanBuilder("request").startSpan();
            Map<String, String> seen = new HashMap<>();
            try (Scope ignored = span.makeCurrent()) {
                LogRecordContext.getExtensions(seen);
            } finally {
                span.end();
            }
            assertThat(seen)
                    .containsEntry("trace_id", span.getSpanContext().getTraceId())
                    .containsEntry("span_id", span.getSpanContext().getSpanId());
        }
    }

    @Test
    void rendersKeyValueTextOnOneLine() {
        assertThat(EventLog.render("shutdown.phase", fields()))
                .isEqualTo(
                        "event=shutdown.phase phase=http-drain duration=1500 in_flight=2 detail=\"said \\\"no\\\"\\nthen left\"");
    }

    @Test
    void parsesFormatsCaseSensitively() {
        assertThat(LogFormat.parse("json")).contains(LogFormat.JSON);
        assertThat(LogFormat.parse("JSON")).isEmpty();
    }

    @Test
    void describeKeepsTheFirstLineOfTheErrorAndItsRootCause() {
        Exception e = new IllegalStateException(
                "Unable to connect\n----\nSQL State: 08001", new IOException("Connection refused"));

        assertThat(EventLog.describe(e))
                .isEqualTo("IllegalStateException: Unable to connect (cause: IOException: Connection refused)");
    }
}
