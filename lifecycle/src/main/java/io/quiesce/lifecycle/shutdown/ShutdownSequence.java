package io.quiesce.lifecycle.shutdown;

import io.quiesce.lifecycle.config.DelayMode;
import io.quiesce.lifecycle.config.DelayPolicy;
import io.quiesce.lifecycle.config.ShutdownConfig;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import io.quiesce.lifecycle.time.Deadline;
import io.quiesce.lifecycle.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Runs once, on the thread of the first trigger; every phase shares one {@link Deadline}. */
public final class ShutdownSequence {

    /** The kernel's own phases; every other phase is a participant's, named after it. */
    public static final String STOP_INTAKE = "stop-intake";

    public static final String DELAY = "delay";
    public static final String HTTP_DRAIN = "http-drain";
    public static final Set<String> KERNEL_PHASES = Set.of(STOP_INTAKE, DELAY, HTTP_DRAIN);

    /** Why the delay ended: no new connection for the quiet period, its maximum, or the shared deadline before that. */
    public static final String DELAY_QUIET = "quiet";

    public static final String DELAY_MAXIMUM = "maximum";
    public static final String DELAY_DEADLINE = "deadline";

    /** How many of the traffic's own gaps between requests a quiet period lasts at least. */
    static final int QUIET_GAPS = 5;

    /** stopIntake must be quick: every participant's together. */
    static final Duration INTAKE_BUDGET = Duration.ofSeconds(1);

    private final ShutdownConfig settings;
    private final List<LifecycleParticipant> participants;
    private final HttpTraffic http;
    private final LongLivedStreams streams;
    private final LifecycleStatus status;
    private final TimeSource time;
    private final BoundedRunner runner;
    private final EventLog log;
    private final ShutdownTelemetry telemetry;

    public ShutdownSequence(
            ShutdownConfig settings,
            List<LifecycleParticipant> participants,
            HttpTraffic http,
            LongLivedStreams streams,
            LifecycleStatus status,
            TimeSource time,
            BoundedRunner runner,
            EventLog log,
            ShutdownTelemetry telemetry) {
        this.settings = settings;
        this.participants = ParticipantOrder.forStop(participants);
        this.http = http;
        this.streams = streams;
        this.status = status;
        this.time = time;
        this.runner = runner;
        this.log = log;
        this.telemetry = telemetry;
    }

    public ShutdownReport run(ShutdownTrigger trigger) {
        Deadline deadline = Deadline.startingNow(time, settings.deadline());
        long inFlightAtSignal = http.inFlight();
        http.beginDraining();
        streams.beginDraining();
        status.advance(LifecycleState.DRAINING, trigger.reason());
        log.info(
                "shutdown.signal",
                EventLog.fields(
                        "trigger",
                        trigger,
                        "in_flight",
                        inFlightAtSignal,
                        "deadline",
                        settings.deadline(),
                        "delay",
                        settings.delay(),
                        "delay_mode",
                        settings.delayPolicy().mode().value(),
                        "drain_timeout",
                        settings.drainTimeout()));
        telemetry.signal(trigger, settings, inFlightAtSignal);

        List<PhaseResult> phases = new ArrayList<>();
        phases.add(record(stopIntake(deadline)));
        if (trigger.portOpen()) {
            phases.add(record(delay(deadline)));
            phases.add(record(httpDrain(deadline)));
        } else {
            phases.add(record(notNeeded(DELAY, deadline)));
            // Liberty has quiesced already; a stream still open is told to come back rather than cut.
            streams.endAll();
            phases.add(record(notNeeded(HTTP_DRAIN, deadline)));
        }
        status.advance(LifecycleState.STOPPING, trigger.reason());
        for (LifecycleParticipant participant : participants) {
            phases.add(record(stop(participant, deadline)));
        }
        if (!telemetry.exportBudget().isZero()) {
            phases.add(record(export(
                    new ShutdownReport(
                            trigger, phases, inFlightAtSignal, http.servedWhileDraining(), deadline.elapsed()),
                    deadline)));
        }
        ShutdownReport report =
                new ShutdownReport(trigger, phases, inFlightAtSignal, http.servedWhileDraining(), deadline.elapsed());
        status.advance(LifecycleState.STOPPED, trigger.reason());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("trigger", trigger);
        summary.put("in_flight_at_signal", report.inFlightAtSignal());
        summary.put("served_while_draining", report.servedWhileDraining());
        summary.put("total", report.total());
        summary.put(
                "phases_unclean",
                phases.stream().filter(p -> !p.outcome().isClean()).count());
        summary.put("exit_code", report.exitCode());
        log.info("shutdown.summary", summary);
        return report;
    }

    /** One budget for the whole phase, shared in stop order: the delay must not wait for a participant that blocks here. */
    private PhaseResult stopIntake(Deadline deadline) {
        Duration start = deadline.elapsed();
        Duration granted = deadline.grant(INTAKE_BUDGET);
        Deadline phase = Deadline.startingNow(time, granted);
        long failed = 0;
        long timedOut = 0;
        StringBuilder detail = new StringBuilder();
        for (LifecycleParticipant participant : participants) {
            BoundedRunner.Result<Void> result = runner.run(
                    () -> {
                        participant.stopIntake();
                        return null;
                    },
                    phase.remaining());
            if (result.outcome() == PhaseOutcome.FAILED) {
                failed++;
                detail.append(participant.name())
                        .append(": ")
                        .append(result.failure())
                        .append("; ");
            } else if (!result.outcome().isClean()) {
                timedOut++;
                detail.append(participant.name())
                        .append(": ")
                        .append(result.outcome())
                        .append("; ");
            }
        }
        PhaseOutcome outcome =
                failed > 0 ? PhaseOutcome.FAILED : timedOut > 0 ? PhaseOutcome.TIMED_OUT : PhaseOutcome.COMPLETED;
        return new PhaseResult(
                STOP_INTAKE,
                start,
                deadline.elapsed().minus(start),
                granted,
                outcome,
                Map.of("participants", (long) participants.size(), "failed", failed, "timed_out", timedOut),
                detail.toString());
    }

    /**
     * Fixed: the whole delay. Traffic: at least the minimum, then until no new connection has arrived for the quiet
     * period (counted from the signal while none has), at most the delay. Only new connections count: requests on
     * connections opened before the signal say nothing about the endpoint removal, and leave with Connection: close.
     */
    private PhaseResult delay(Deadline deadline) {
        Duration start = deadline.elapsed();
        long signalNanos = time.nanoTime() - start.toNanos();
        Duration granted = deadline.grant(settings.delay());
        DelayPolicy policy = settings.delayPolicy();
        long end = time.nanoTime() + granted.toNanos();
        long minimumEnd = time.nanoTime() + policy.minimum().toNanos();
        boolean interrupted = false;
        boolean quiet = false;
        long quietNanos = quietPeriod(policy, granted).toNanos();
        if (policy.mode() == DelayMode.FIXED) {
            interrupted = !waitFor(() -> false, granted);
        } else {
            while (true) {
                long quietSince = http.newConnections() > 0 ? http.lastNewConnectionNanos() : signalNanos;
                long target = Math.max(minimumEnd, quietSince + quietNanos);
                long now = time.nanoTime();
                if (target - end >= 0) {
                    interrupted = !waitFor(() -> false, Duration.ofNanos(Math.max(0, end - now)));
                    break;
                }
                if (now - target >= 0) {
                    quiet = true;
                    break;
                }
                if (!waitFor(() -> false, Duration.ofNanos(target - now))) {
                    interrupted = true;
                    break;
                }
            }
        }
        boolean cut = !granted.equals(settings.delay());
        String endedBy = interrupted ? "interrupted" : quiet ? DELAY_QUIET : cut ? DELAY_DEADLINE : DELAY_MAXIMUM;
        PhaseOutcome outcome =
                interrupted ? PhaseOutcome.FAILED : quiet || !cut ? PhaseOutcome.COMPLETED : PhaseOutcome.TIMED_OUT;
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("in_flight", (long) http.inFlight());
        if (policy.mode() == DelayMode.TRAFFIC) {
            counts.put("quiet_ms", Duration.ofNanos(quietNanos).toMillis());
        }
        long newConnections = http.newConnections();
        counts.put("new_connections", newConnections);
        if (newConnections > 0) {
            counts.put(
                    "last_new_connection_ms",
                    Duration.ofNanos(http.lastNewConnectionNanos() - signalNanos)
                            .toMillis());
        }
        return new PhaseResult(
                DELAY,
                start,
                deadline.elapsed().minus(start),
                granted,
                outcome,
                counts,
                interrupted ? "interrupted" : "",
                Map.of("ended_by", endedBy, "mode", policy.mode().value()));
    }

    /**
     * Silence means something only over several of the traffic's own gaps: the quiet period stretches to
     * {@value #QUIET_GAPS} times the time between two requests before the signal (at most the delay), so that sparse
     * traffic does not end the delay while proxies still route here. Without a known pace, the configured period.
     */
    private Duration quietPeriod(DelayPolicy policy, Duration granted) {
        double perSecond = http.requestsPerSecondBeforeSignal();
        if (perSecond < 0) {
            return policy.quietPeriod();
        }
        Duration gaps = perSecond == 0
                ? granted
                : Duration.ofNanos((long) Math.min(granted.toNanos(), QUIET_GAPS * 1e9 / perSecond));
        return gaps.compareTo(policy.quietPeriod()) > 0 ? gaps : policy.quietPeriod();
    }

    /**
     * Streams end here rather than at the signal: during the delay the endpoint removal propagates, so the clients'
     * reconnections now reach servers that stay. The wait includes the streams' last writes (milliseconds); a stream
     * still open at the budget's end is reported but does not fail the drain, since its client resumes where it was cut.
     */
    private PhaseResult httpDrain(Deadline deadline) {
        Duration start = deadline.elapsed();
        Duration granted = deadline.grant(settings.drainTimeout());
        long atStart = http.inFlight();
        long ended = streams.endAll();
        waitFor(() -> http.inFlight() == 0 && streams.open() == 0, granted);
        long left = http.inFlight();
        PhaseOutcome outcome = left == 0 ? PhaseOutcome.COMPLETED : PhaseOutcome.TIMED_OUT;
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("in_flight_at_start", atStart);
        counts.put("in_flight_left", left);
        counts.put("streams_ended", ended);
        counts.put("streams_ended_on_join", streams.endedOnJoin());
        counts.put("streams_left", (long) streams.open());
        counts.putAll(http.report());
        return new PhaseResult(
                HTTP_DRAIN,
                start,
                deadline.elapsed().minus(start),
                granted,
                outcome,
                counts,
                left == 0 ? "" : left + " request(s) still in flight at the end of the drain budget");
    }

    private PhaseResult stop(LifecycleParticipant participant, Deadline deadline) {
        Duration start = deadline.elapsed();
        Duration granted = deadline.grant(participant.budget());
        BoundedRunner.Result<Map<String, Long>> result = runner.run(() -> participant.stop(granted), granted);
        String detail = switch (result.outcome()) {
            case TIMED_OUT -> "abandoned after its budget of " + granted.toMillis() + " ms";
            case SKIPPED -> "no time left before the deadline";
            case FAILED -> String.valueOf(result.failure());
            default -> "";
        };
        Map<String, Long> counts = result.value() == null ? Map.of() : result.value();
        return new PhaseResult(
                participant.name(), start, deadline.elapsed().minus(start), granted, result.outcome(), counts, detail);
    }

    private PhaseResult export(ShutdownReport soFar, Deadline deadline) {
        Duration start = deadline.elapsed();
        Duration granted = deadline.grant(telemetry.exportBudget());
        BoundedRunner.Result<Map<String, Long>> result = runner.run(() -> telemetry.export(soFar, granted), granted);
        String detail = switch (result.outcome()) {
            case TIMED_OUT -> "export unfinished after its budget of " + granted.toMillis() + " ms";
            case SKIPPED -> "no time left before the deadline";
            case FAILED -> EventLog.describe(result.failure());
            default -> "";
        };
        return new PhaseResult(
                ShutdownTelemetry.EXPORT_PHASE,
                start,
                deadline.elapsed().minus(start),
                granted,
                result.outcome(),
                result.value() == null ? Map.of() : result.value(),
                detail);
    }

    private PhaseResult notNeeded(String name, Deadline deadline) {
        return new PhaseResult(
                name,
                deadline.elapsed(),
                Duration.ZERO,
                Duration.ZERO,
                PhaseOutcome.NOT_NEEDED,
                Map.of(),
                "HTTP port already closed by Liberty");
    }

    /** False only when interrupted; the shutdown goes on regardless, because stopping half-way would be worse. */
    private boolean waitFor(BooleanSupplier condition, Duration granted) {
        try {
            time.await(condition, granted);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private PhaseResult record(PhaseResult phase) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("phase", phase.name());
        fields.put("start_ms", phase.start().toMillis());
        fields.put("duration_ms", phase.duration().toMillis());
        fields.put("granted_ms", phase.granted().toMillis());
        fields.put("outcome", phase.outcome());
        phase.counts().forEach(fields::put);
        phase.labels().forEach(fields::put);
        if (!phase.detail().isEmpty()) {
            fields.put("detail", phase.detail());
        }
        telemetry.phase(phase);
        if (phase.outcome().isClean()) {
            log.info("shutdown.phase", fields);
        } else {
            log.warn("shutdown.phase", fields);
        }
        return phase;
    }
}
