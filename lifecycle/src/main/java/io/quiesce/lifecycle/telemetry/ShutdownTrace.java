package io.quiesce.lifecycle.telemetry;

import static io.quiesce.lifecycle.telemetry.TelemetryNames.*;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quiesce.lifecycle.config.ShutdownConfig;
import io.quiesce.lifecycle.shutdown.PhaseOutcome;
import io.quiesce.lifecycle.shutdown.PhaseResult;
import io.quiesce.lifecycle.shutdown.ShutdownReport;
import io.quiesce.lifecycle.shutdown.ShutdownSequence;
import io.quiesce.lifecycle.shutdown.ShutdownTelemetry;
import io.quiesce.lifecycle.shutdown.ShutdownTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The shutdown as one trace: a root span {@code shutdown} from the signal to the export, one child per phase built from
 * the phase's report line (so the spans carry exactly the numbers of the log), and events for the moments an operator
 * looks for. The root ends and everything is exported in the {@value ShutdownTelemetry#EXPORT_PHASE} phase, because neither
 * Liberty's stop nor the SDK's shutdown hook (disabled by Liberty) may be relied on to export before the JVM exits.
 */
public final class ShutdownTrace implements ShutdownTelemetry {

    private final Tracer tracer;
    private final DoubleHistogram phaseDuration;
    private final DoubleHistogram shutdownDuration;
    private final LongHistogram delayNewConnections;
    private final TelemetryExport export;
    private final Duration budget;
    private final Clock clock;
    private volatile Span root;
    private volatile Instant signalled;
    private volatile boolean ended;

    public ShutdownTrace(OpenTelemetry openTelemetry, TelemetryExport export, Duration budget, Clock clock) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        Meter meter = openTelemetry.getMeter(SCOPE);
        this.phaseDuration = meter.histogramBuilder(METRIC_PHASE_DURATION)
                .setUnit(UNIT_SECONDS)
                .setDescription("Duration of each shutdown phase, by phase and outcome.")
                .build();
        this.shutdownDuration = meter.histogramBuilder(METRIC_SHUTDOWN_DURATION)
                .setUnit(UNIT_SECONDS)
                .setDescription("From the first shutdown signal to the telemetry export, by trigger and exit code.")
                .build();
        this.delayNewConnections = meter.histogramBuilder(METRIC_DELAY_NEW_CONNECTIONS)
                .ofLongs()
                .setUnit(UNIT_CONNECTION)
                .setDescription("New connections from the signal to the end of the pre-drain delay, by why it ended.")
                .build();
        this.export = export;
        this.budget = budget;
        this.clock = clock;
    }

    @Override
    public void signal(ShutdownTrigger trigger, ShutdownConfig settings, long inFlight) {
        signalled = clock.instant();
        root = tracer.spanBuilder(SPAN_SHUTDOWN)
                .setNoParent()
                .setStartTimestamp(signalled)
                .setAttribute(TRIGGER, name(trigger))
                .setAttribute(DEADLINE_MS, settings.deadline().toMillis())
                .setAttribute(DELAY_MS, settings.delay().toMillis())
                .setAttribute(DELAY_MODE, settings.delayPolicy().mode().value())
                .setAttribute(DRAIN_TIMEOUT_MS, settings.drainTimeout().toMillis())
                .setAttribute(IN_FLIGHT_AT_SIGNAL, inFlight)
                .startSpan();
        root.addEvent(EVENT_READINESS_DOWN, Attributes.of(IN_FLIGHT, inFlight), signalled);
        // Alert rules tell a draining pod from an unready one by the lifecycle state: it must not wait for the
        // interval.
        export.exportMetricsSoon();
    }

    @Override
    public void phase(PhaseResult phase) {
        Span parent = root;
        if (parent == null || ended) {
            return; // the export phase itself: its outcome is in the log line, as its span could no longer be exported
        }
        Instant start = signalled.plus(phase.start());
        Instant end = start.plus(phase.duration());
        SpanBuilder builder = tracer.spanBuilder(SPAN_PHASE_PREFIX + phase.name())
                .setParent(Context.root().with(parent))
                .setStartTimestamp(start)
                .setAttribute(PHASE, phase.name())
                .setAttribute(OUTCOME, name(phase.outcome()))
                .setAttribute(GRANTED_MS, phase.granted().toMillis());
        phase.counts().forEach((count, value) -> builder.setAttribute(count(count), value));
        phase.labels().forEach((name, value) -> builder.setAttribute(label(name), value));
        if (!phase.detail().isEmpty()) {
            builder.setAttribute(DETAIL, phase.detail());
        }
        Span span = builder.startSpan();
        if (!phase.outcome().isClean()) {
            span.setStatus(StatusCode.ERROR, phase.detail().isEmpty() ? name(phase.outcome()) : phase.detail());
        }
        span.end(end);
        if (phase.name().equals(ShutdownSequence.HTTP_DRAIN) && phase.outcome() == PhaseOutcome.COMPLETED) {
            parent.addEvent(EVENT_LAST_REQUEST_DRAINED, Attributes.empty(), end);
        } else if (phase.outcome() == PhaseOutcome.TIMED_OUT
                && !ShutdownSequence.KERNEL_PHASES.contains(phase.name())) {
            parent.addEvent(
                    EVENT_PARTICIPANT_ABANDONED,
                    Attributes.of(
                            PHASE, phase.name(), GRANTED_MS, phase.granted().toMillis()),
                    end);
        }
        AttributesBuilder attributes =
                Attributes.builder().put(PHASE, phase.name()).put(OUTCOME, name(phase.outcome()));
        phase.labels().forEach((name, value) -> attributes.put(label(name), value));
        phaseDuration.record(seconds(phase.duration()), attributes.build());
        if (phase.name().equals(ShutdownSequence.DELAY)) {
            delayNewConnections.record(
                    phase.counts().getOrDefault("new_connections", 0L),
                    Attributes.of(ENDED_BY, phase.labels().getOrDefault("ended_by", "")));
        }
    }

    @Override
    public Duration exportBudget() {
        return budget;
    }

    @Override
    public Map<String, Long> export(ShutdownReport soFar, Duration timeLeft) throws Exception {
        Span span = root;
        if (span != null && !ended) {
            long unclean =
                    soFar.phases().stream().filter(p -> !p.outcome().isClean()).count();
            span.setAttribute(SERVED_WHILE_DRAINING, soFar.servedWhileDraining());
            span.setAttribute(PHASES_UNCLEAN, unclean);
            // The export's own outcome does not count towards the exit code (ShutdownReport.exitCode).
            span.setAttribute(EXIT_CODE, (long) soFar.exitCode());
            if (unclean > 0) {
                span.setStatus(StatusCode.ERROR, unclean + " phase(s) did not complete cleanly");
            }
            AttributesBuilder attributes =
                    Attributes.builder().put(TRIGGER, name(soFar.trigger())).put(EXIT_CODE, (long) soFar.exitCode());
            shutdownDuration.record(seconds(soFar.total()), attributes.build());
            ended = true;
            span.end(signalled.plus(soFar.total()));
        }
        return export.flush(timeLeft);
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
