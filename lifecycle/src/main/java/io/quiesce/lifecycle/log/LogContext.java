package io.quiesce.lifecycle.log;

import com.ibm.websphere.logging.hpel.LogRecordContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Map;
import java.util.function.Function;

/**
 * Fields of Liberty's JSON log records (its LogRecordContext extensions, which Liberty writes as {@code "ext_<name>"}):
 * the event's own fields on the logging thread, and the current span's ids on every record of every thread, Liberty's
 * own lines included (logging-json.xml renames those two to {@code trace_id}/{@code span_id}). Text logs ignore them.
 */
final class LogContext {

    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";

    // LogRecordContext keeps registered extensions only weakly.
    private static final LogRecordContext.Extension TRACE = () -> current(SpanContext::getTraceId);
    private static final LogRecordContext.Extension SPAN = () -> current(SpanContext::getSpanId);
    private static volatile boolean registered;

    private LogContext() {}

    /**
     * Idempotent; the first JSON event log of the application registers the trace fields, replacing those of an
     * earlier start of the application in the same server (Liberty refuses a second registration of a key).
     */
    static void registerTraceFields() {
        if (!registered) {
            synchronized (LogContext.class) {
                if (!registered) {
                    LogRecordContext.unregisterExtension(TRACE_ID);
                    LogRecordContext.unregisterExtension(SPAN_ID);
                    LogRecordContext.registerExtension(TRACE_ID, TRACE);
                    LogRecordContext.registerExtension(SPAN_ID, SPAN);
                    registered = true;
                }
            }
        }
    }

    /** Runs {@code log} with the event's fields attached to the records it writes on this thread. */
    static void withFields(Map<String, String> fields, Runnable log) {
        fields.forEach(LogRecordContext::addExtension);
        try {
            log.run();
        } finally {
            fields.keySet().forEach(LogRecordContext::removeExtension);
        }
    }

    private static String current(Function<SpanContext, String> id) {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? id.apply(context) : null;
    }
}
