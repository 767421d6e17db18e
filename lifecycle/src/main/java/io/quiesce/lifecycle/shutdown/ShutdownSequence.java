package io.quiesce.lifecycle.shutdown;

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

    /** stopIntake must be quick: every participant's together. */
    static final Duration INTAKE_BUDGET = Duration.ofSeconds(1);

    private final ShutdownConfig settings;
    private final List<LifecycleParticipant> participants;
    private final HttpTraffic http;
    private final LifecycleStatus status;
    private final TimeSource time;
    private final BoundedRunner runner;
    private final EventLog log;
    private final ShutdownTelemetry telemetry;

    public ShutdownSequence(
            ShutdownConfig settings,
            List<LifecycleParticipant> participants,
            HttpTraffic http,
            LifecycleStatus status,
            TimeSource time,
            BoundedRunner runner,
            EventLog log,
            ShutdownTelemetry telemetry) {
        this.settings = settings;
        this.participants = ParticipantOrder.forStop(participants);
        this.http = http;
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

    private PhaseResult delay(Deadline deadline) {
        Duration start = deadline.elapsed();
        Duration granted = deadline.grant(settings.delay());
        boolean interrupted = !waitFor(() -> false, granted);
        PhaseOutcome outcome = interrupted
                ? PhaseOutcome.FAILED
                : granted.equals(settings.delay()) ? PhaseOutcome.COMPLETED : PhaseOutcome.TIMED_OUT;
        return new PhaseResult(
                DELAY,
                start,
                deadline.elapsed().minus(start),
                granted,
                outcome,
                Map.of("in_flight", (long) http.inFlight()),
                interrupted ? "interrupted" : "");
    }

    private PhaseResult httpDrain(Deadline deadline) {
        Duration start = deadline.elapsed();
        Duration granted = deadline.grant(settings.drainTimeout());
        long atStart = http.inFlight();
        waitFor(() -> http.inFlight() == 0, granted);
        long left = http.inFlight();
        PhaseOutcome outcome = left == 0 ? PhaseOutcome.COMPLETED : PhaseOutcome.TIMED_OUT;
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("in_flight_at_start", atStart);
        counts.put("in_flight_left", left);
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
