package io.quiesce.lifecycle.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Every span, metric and attribute name the lifecycle kernel emits, in one place so that dashboards and tests can rely
 * on them: OpenTelemetry semantic conventions where one exists, otherwise {@code quiesce.<feature>.<thing>}.
 */
public final class TelemetryNames {

    /** Instrumentation scope of the kernel's tracer and meter. */
    public static final String SCOPE = "io.quiesce.lifecycle";

    public static final String SPAN_SHUTDOWN = "shutdown";
    /** Child spans are {@code shutdown.<phase>}: shutdown.stop-intake, shutdown.delay, shutdown.http-drain, shutdown.jobs... */
    public static final String SPAN_PHASE_PREFIX = "shutdown.";

    public static final String EVENT_READINESS_DOWN = "readiness.down";
    public static final String EVENT_LAST_REQUEST_DRAINED = "http.drained";
    public static final String EVENT_PARTICIPANT_ABANDONED = "participant.abandoned";

    public static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("quiesce.trigger");
    public static final AttributeKey<Long> DEADLINE_MS = AttributeKey.longKey("quiesce.deadline_ms");
    public static final AttributeKey<Long> DELAY_MS = AttributeKey.longKey("quiesce.delay_ms");
    public static final AttributeKey<String> DELAY_MODE = AttributeKey.stringKey("quiesce.delay_mode");
    public static final AttributeKey<Long> DRAIN_TIMEOUT_MS = AttributeKey.longKey("quiesce.drain_timeout_ms");
    public static final AttributeKey<Long> IN_FLIGHT = AttributeKey.longKey("quiesce.in_flight");
    public static final AttributeKey<Long> IN_FLIGHT_AT_SIGNAL = AttributeKey.longKey("quiesce.in_flight_at_signal");
    public static final AttributeKey<Long> SERVED_WHILE_DRAINING =
            AttributeKey.longKey("quiesce.served_while_draining");
    public static final AttributeKey<Long> PHASES_UNCLEAN = AttributeKey.longKey("quiesce.phases_unclean");
    public static final AttributeKey<Long> EXIT_CODE = AttributeKey.longKey("quiesce.exit_code");
    public static final AttributeKey<String> PHASE = AttributeKey.stringKey("quiesce.phase");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("quiesce.outcome");
    public static final AttributeKey<Long> GRANTED_MS = AttributeKey.longKey("quiesce.granted_ms");
    public static final AttributeKey<String> DETAIL = AttributeKey.stringKey("quiesce.detail");
    /** A phase's report counts become {@code quiesce.count.<name>} (in_flight_left, interrupted, drained...). */
    public static final String COUNT_PREFIX = "quiesce.count.";
    /** A phase's report labels become {@code quiesce.<name>} (the delay's quiesce.ended_by, quiesce.mode). */
    public static final String LABEL_PREFIX = "quiesce.";

    /** Why the pre-drain delay ended: {@code quiet}, {@code maximum}, {@code deadline}, {@code interrupted}. */
    public static final AttributeKey<String> ENDED_BY = label("ended_by");

    public static final AttributeKey<String> STATE = AttributeKey.stringKey("quiesce.state");

    /** Semantic convention (without its method and scheme attributes: the drain counts every request alike). */
    public static final String METRIC_ACTIVE_REQUESTS = "http.server.active_requests";

    public static final String METRIC_SERVED_WHILE_DRAINING = "quiesce.http.served_while_draining";
    public static final String METRIC_STREAMS_OPEN = "quiesce.http.streams.open";
    public static final String METRIC_STREAMS_ENDED = "quiesce.http.streams.ended";
    public static final String METRIC_STREAMS_REFUSED = "quiesce.http.streams.refused";
    /** 1 for the current state, 0 for the others, one series per {@link #STATE}. */
    public static final String METRIC_LIFECYCLE_STATE = "quiesce.lifecycle.state";

    /** The adaptive concurrency limit in front of the application (requests it admits at once). */
    public static final String METRIC_HTTP_LIMIT = "quiesce.http.limit";
    /** Requests the kernel answered itself before the application, one series per {@link #REASON}. */
    public static final String METRIC_HTTP_REFUSED = "quiesce.http.refused";
    /** How long work waits in Liberty's executor before a thread takes it (the kernel's probe task). */
    public static final String METRIC_HTTP_QUEUE_DELAY = "quiesce.http.queue.delay";

    public static final AttributeKey<String> REASON = AttributeKey.stringKey("quiesce.reason");

    /** The application's asynchronous tasks now, one series per {@link #STATE} (queued, running). */
    public static final String METRIC_ASYNC_TASKS = "quiesce.async.tasks";
    /** Tasks that ended, one series per {@link #OUTCOME}: completed, failed, refused, withdrawn, abandoned. */
    public static final String METRIC_ASYNC_TASKS_ENDED = "quiesce.async.tasks.ended";

    public static final String METRIC_PHASE_DURATION = "quiesce.shutdown.phase.duration";
    public static final String METRIC_SHUTDOWN_DURATION = "quiesce.shutdown.duration";
    /** Per shutdown, the new connections that arrived from the signal to the end of the pre-drain delay. */
    public static final String METRIC_DELAY_NEW_CONNECTIONS = "quiesce.shutdown.delay.new_connections";

    public static final String UNIT_REQUEST = "{request}";
    public static final String UNIT_STATE = "{state}";
    public static final String UNIT_STREAM = "{stream}";
    public static final String UNIT_TASK = "{task}";
    public static final String UNIT_SECONDS = "s";
    public static final String UNIT_CONNECTION = "{connection}";

    private TelemetryNames() {}

    public static AttributeKey<Long> count(String name) {
        return AttributeKey.longKey(COUNT_PREFIX + name);
    }

    public static AttributeKey<String> label(String name) {
        return AttributeKey.stringKey(LABEL_PREFIX + name);
    }
}
