package io.quiesce.lifecycle.shutdown;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.config.ShutdownConfig;
import io.quiesce.lifecycle.http.FilteredRequests;
import io.quiesce.lifecycle.http.InFlightTracker;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import io.quiesce.lifecycle.stream.StreamConfig;
import io.quiesce.lifecycle.stream.StreamRegistry;
import io.quiesce.lifecycle.time.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The shutdown timeline on a fake clock; participants run synchronously so that every number is exact. */
class ShutdownSequenceTest {

    private static final ShutdownConfig SETTINGS =
            new ShutdownConfig(ofSeconds(30), ofSeconds(2), ofSeconds(5), ofSeconds(15));

    private final FakeTime time = new FakeTime();
    private final LifecycleStatus status = new LifecycleStatus();
    private final InFlightTracker http = new InFlightTracker();
    private final StreamRegistry streams =
            new StreamRegistry(new StreamConfig(10, Duration.ofSeconds(1), Duration.ofSeconds(15)));
    private final List<String> journal = new ArrayList<>();

    private ScriptedParticipant participant(String name, Duration budget, Duration takes, String... dependsOn) {
        return new ScriptedParticipant(name, Set.of(dependsOn), budget, takes, null, time, journal, status);
    }

    private ShutdownReport run(ShutdownTrigger trigger, LifecycleParticipant... participants) {
        ShutdownSequence sequence = new ShutdownSequence(
                SETTINGS,
                List.of(participants),
                http,
                streams,
                status,
                time,
                new BoundedRunner(Runnable::run, time),
                new EventLog(Logger.getLogger("test"), LogFormat.TEXT),
                ShutdownTelemetry.NONE);
        return sequence.run(trigger);
    }

    private static PhaseResult phase(ShutdownReport report, String name) {
        return report.phases().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void stopsIntakeAtTheSignalThenDelaysDrainsAndStopsParticipantsInOrder() {
        status.advance(LifecycleState.READY, "ready");
        ShutdownReport report = run(
                ShutdownTrigger.SIGTERM,
                participant("workflow", ofSeconds(4), ofSeconds(1)),
                participant("jobs", ofSeconds(3), ofSeconds(1), "workflow"),
                participant("pools", ofSeconds(1), Duration.ZERO));

        assertThat(journal)
                .containsExactly(
                        "intake:jobs:DRAINING",
                        "intake:pools:DRAINING",
                        "intake:workflow:DRAINING",
                        "stop:jobs:STOPPING",
                        "stop:pools:STOPPING",
                        "stop:workflow:STOPPING");
        assertThat(report.phases())
                .extracting(PhaseResult::name)
                .containsExactly("stop-intake", "delay", "http-drain", "jobs", "pools", "workflow");
        assertThat(phase(report, "delay").duration()).isEqualTo(ofSeconds(5));
        assertThat(phase(report, "http-drain").start()).isEqualTo(ofSeconds(5));
        assertThat(phase(report, "jobs").start()).isEqualTo(ofSeconds(5));
        assertThat(report.total()).isEqualTo(ofSeconds(7));
        assertThat(report.exitCode()).isZero();
        assertThat(status.snapshot())
                .isEqualTo(new LifecycleStatus.Snapshot(LifecycleState.STOPPED, "SIGTERM received"));
    }

    /** Records what the sequence tells telemetry; its export takes {@code takes} of fake time. */
    private final class RecordingTelemetry implements ShutdownTelemetry {
        final List<String> calls = new ArrayList<>();
        final Duration takes;
        Duration exportGranted;

        RecordingTelemetry(Duration takes) {
            this.takes = takes;
        }

        @Override
        public void signal(ShutdownTrigger trigger, ShutdownConfig settings, long inFlight) {
            calls.add("signal:" + trigger);
        }

        @Override
        public void phase(PhaseResult phase) {
            calls.add("phase:" + phase.name());
        }

        @Override
        public Duration exportBudget() {
            return ofSeconds(2);
        }

        @Override
        public Map<String, Long> export(ShutdownReport soFar, Duration timeLeft) {
            calls.add("export:" + soFar.phases().stream().map(PhaseResult::name).toList());
            exportGranted = timeLeft;
            time.advance(takes);
            return Map.of("sdk_enabled", 1L);
        }
    }

    private ShutdownReport run(ShutdownTelemetry telemetry, LifecycleParticipant... participants) {
        return new ShutdownSequence(
                        SETTINGS,
                        List.of(participants),
                        http,
                        streams,
                        status,
                        time,
                        new BoundedRunner(Runnable::run, time),
                        new EventLog(Logger.getLogger("test"), LogFormat.TEXT),
                        telemetry)
                .run(ShutdownTrigger.SIGTERM);
    }

    @Test
    void telemetryHearsEveryPhaseAndExportsLastWithTheReportSoFar() {
        RecordingTelemetry telemetry = new RecordingTelemetry(Duration.ofMillis(30));
        ShutdownReport report = run(telemetry, participant("jobs", ofSeconds(3), ofSeconds(1)));

        assertThat(telemetry.calls)
                .containsExactly(
                        "signal:SIGTERM",
                        "phase:stop-intake",
                        "phase:delay",
                        "phase:http-drain",
                        "phase:jobs",
                        "export:[stop-intake, delay, http-drain, jobs]",
                        "phase:telemetry");
        PhaseResult export = phase(report, ShutdownTelemetry.EXPORT_PHASE);
        assertThat(export.outcome()).isEqualTo(PhaseOutcome.COMPLETED);
        assertThat(export.duration()).isEqualTo(Duration.ofMillis(30));
        assertThat(export.counts()).containsEntry("sdk_enabled", 1L);
        assertThat(telemetry.exportGranted).isEqualTo(ofSeconds(2));
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void theExportGetsOnlyTheTimeLeftBeforeTheDeadline() {
        RecordingTelemetry telemetry = new RecordingTelemetry(Duration.ZERO);
        // deadline 28 s: delay 5 + greedy 22.5 leaves 0.5 s of the export's 2 s.
        run(telemetry, participant("greedy", ofSeconds(23), Duration.ofMillis(22_500)));

        assertThat(telemetry.exportGranted).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void everyParticipantGetsTheSmallerOfItsBudgetAndTheTimeLeft() {
        ScriptedParticipant slow = participant("slow", ofSeconds(20), ofSeconds(18), "next");
        ScriptedParticipant next = participant("next", ofSeconds(10), ofSeconds(1));
        ShutdownReport report = run(ShutdownTrigger.SIGTERM, slow, next);

        // deadline 30 - 2 = 28 s; the delay used 5 s, the drain nothing (no request in flight).
        assertThat(slow.grantedTimeLeft).isEqualTo(ofSeconds(20));
        assertThat(phase(report, "slow").granted()).isEqualTo(ofSeconds(20));
        assertThat(next.grantedTimeLeft).isEqualTo(ofSeconds(28 - 5 - 18));
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void aDrainThatRunsOutOfBudgetIsReportedAndLeavesLessForParticipants() {
        http.enter();
        ScriptedParticipant jobs = participant("jobs", ofSeconds(10), ofSeconds(1));
        ShutdownReport report = run(ShutdownTrigger.SIGTERM, jobs);

        PhaseResult drain = phase(report, "http-drain");
        assertThat(drain.outcome()).isEqualTo(PhaseOutcome.TIMED_OUT);
        assertThat(drain.duration()).isEqualTo(ofSeconds(15));
        assertThat(drain.counts()).containsEntry("in_flight_left", 1L);
        assertThat(jobs.grantedTimeLeft).isEqualTo(ofSeconds(28 - 5 - 15));
        assertThat(report.inFlightAtSignal()).isEqualTo(1);
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void theDrainPhaseCarriesTheConcurrencyLimitsNumbers() {
        http.reportAlso(() -> java.util.Map.of("limit", 20L, "refused_overloaded", 7L));
        ShutdownReport report = run(ShutdownTrigger.SIGTERM);

        assertThat(phase(report, "http-drain").counts())
                .containsEntry("in_flight_left", 0L)
                .containsEntry("limit", 20L)
                .containsEntry("refused_overloaded", 7L);
    }

    @Test
    void participantsAfterTheDeadlineAreSkippedAndMakeTheExitCodeNonZero() {
        ScriptedParticipant greedy = participant("greedy", ofSeconds(23), ofSeconds(23), "late");
        ScriptedParticipant late = participant("late", ofSeconds(5), Duration.ZERO);
        ShutdownReport report = run(ShutdownTrigger.SIGTERM, greedy, late);

        assertThat(phase(report, "late").outcome()).isEqualTo(PhaseOutcome.SKIPPED);
        assertThat(late.grantedTimeLeft).isNull();
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void aFailingParticipantDoesNotStopTheOthers() {
        LifecycleParticipant broken = new ScriptedParticipant(
                "broken",
                Set.of("after"),
                ofSeconds(2),
                Duration.ZERO,
                new IllegalStateException("pool already closed"),
                time,
                journal,
                status);
        ScriptedParticipant after = participant("after", ofSeconds(2), Duration.ZERO);
        ShutdownReport report = run(ShutdownTrigger.SIGTERM, broken, after);

        assertThat(phase(report, "broken").outcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(phase(report, "broken").detail()).contains("pool already closed");
        assertThat(phase(report, "after").outcome()).isEqualTo(PhaseOutcome.COMPLETED);
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void anApplicationStopSkipsTheDelayAndDrainBecauseThePortIsAlreadyClosed() {
        ShutdownReport report = run(ShutdownTrigger.APPLICATION_STOP, participant("jobs", ofSeconds(3), ofSeconds(1)));

        assertThat(phase(report, "delay").outcome()).isEqualTo(PhaseOutcome.NOT_NEEDED);
        assertThat(phase(report, "http-drain").outcome()).isEqualTo(PhaseOutcome.NOT_NEEDED);
        assertThat(report.total()).isEqualTo(ofSeconds(1));
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void countsRequestsThatFinishAfterTheSignal() {
        http.enter();
        http.enter();
        http.exit();
        LifecycleParticipant finisher = new LifecycleParticipant() {
            @Override
            public String name() {
                return "finisher";
            }

            @Override
            public Duration budget() {
                return ofSeconds(1);
            }

            @Override
            public void stopIntake() {
                http.exit();
            }

            @Override
            public java.util.Map<String, Long> stop(Duration timeLeft) {
                return java.util.Map.of();
            }
        };
        ShutdownReport report = run(ShutdownTrigger.SIGTERM, finisher);

        assertThat(report.inFlightAtSignal()).isEqualTo(1);
        assertThat(report.servedWhileDraining()).isEqualTo(1);
        assertThat(phase(report, "http-drain").outcome()).isEqualTo(PhaseOutcome.COMPLETED);
    }

    @Test
    void everyParticipantsIntakeSharesOneSecondAndTheReportSaysSo() {
        LifecycleParticipant slow = intake("slow", Duration.ofMillis(1000), "next");
        LifecycleParticipant next = intake("next", Duration.ZERO);
        ShutdownReport report = run(ShutdownTrigger.SIGTERM, slow, next);

        PhaseResult intake = phase(report, "stop-intake");
        assertThat(intake.granted()).isEqualTo(ofSeconds(1));
        assertThat(intake.duration()).isEqualTo(ofSeconds(1));
        assertThat(intake.outcome()).isEqualTo(PhaseOutcome.TIMED_OUT);
        assertThat(intake.counts()).containsEntry("participants", 2L).containsEntry("timed_out", 1L);
        assertThat(intake.detail()).isEqualTo("next: SKIPPED; ");
        assertThat(journal).containsExactly("intake:slow");
        assertThat(phase(report, "delay").start()).isEqualTo(ofSeconds(1));
    }

    private LifecycleParticipant intake(String name, Duration takes, String... dependsOn) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<String> dependsOn() {
                return Set.of(dependsOn);
            }

            @Override
            public Duration budget() {
                return ofSeconds(1);
            }

            @Override
            public void stopIntake() {
                journal.add("intake:" + name);
                time.advance(takes);
            }

            @Override
            public Map<String, Long> stop(Duration timeLeft) {
                return Map.of();
            }
        };
    }

    /** A stream that records when (on the fake clock) it was told to end, and can finish its response then or never. */
    private final class Stream {
        final FilteredRequests.Async response;
        Duration toldAt;
        Duration hint;

        Stream(FilteredRequests requests, boolean endsWhenTold) {
            FilteredRequests.Async[] opened = new FilteredRequests.Async[1];
            opened[0] = requests.start(request -> streams.join(request, reconnectAfter -> {
                        toldAt = Duration.ofNanos(time.nanoTime() - signalNanos);
                        hint = reconnectAfter;
                        // Told while joining (after the signal), the response ends once it has answered.
                        if (endsWhenTold && opened[0] != null) {
                            opened[0].complete();
                        }
                    })
                    .orElseThrow());
            response = opened[0];
            if (endsWhenTold && toldAt != null) {
                response.complete();
            }
        }
    }

    private long signalNanos;

    /** A participant whose intake stop, at the signal, starts the test's clock and then runs {@code atSignal}. */
    private LifecycleParticipant atSignal(Runnable atSignal) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return "at-signal";
            }

            @Override
            public Duration budget() {
                return ofSeconds(1);
            }

            @Override
            public void stopIntake() {
                signalNanos = time.nanoTime();
                atSignal.run();
            }

            @Override
            public Map<String, Long> stop(Duration timeLeft) {
                return Map.of();
            }
        };
    }

    private LifecycleParticipant signalClock() {
        return atSignal(() -> {});
    }

    @Test
    void streamsAreNotWaitedForAndAreToldToEndWhenTheDrainStartsNotAtTheSignal() {
        FilteredRequests requests = new FilteredRequests(http);
        Stream stream = new Stream(requests, true);
        assertThat(http.inFlight()).isZero();

        ShutdownReport report = run(ShutdownTrigger.SIGTERM, signalClock());

        assertThat(stream.toldAt).as("told to end after the delay").isEqualTo(ofSeconds(5));
        assertThat(stream.hint).isBetween(ofSeconds(1), Duration.ofMillis(1999));
        PhaseResult drain = phase(report, "http-drain");
        assertThat(drain.duration()).isZero();
        assertThat(drain.counts())
                .containsEntry("streams_ended", 1L)
                .containsEntry("streams_ended_on_join", 0L)
                .containsEntry("streams_left", 0L)
                .containsEntry("in_flight_at_start", 0L);
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void aStreamThatDoesNotEndIsReportedButNeitherFailsTheDrainNorOutlivesItsBudget() {
        new Stream(new FilteredRequests(http), false);

        ShutdownReport report = run(ShutdownTrigger.SIGTERM, signalClock());

        PhaseResult drain = phase(report, "http-drain");
        assertThat(drain.duration()).isEqualTo(ofSeconds(15));
        assertThat(drain.outcome()).isEqualTo(PhaseOutcome.COMPLETED);
        assertThat(drain.counts()).containsEntry("streams_ended", 1L).containsEntry("streams_left", 1L);
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void aStreamOpenedAfterTheSignalIsEndedAtOnce() {
        FilteredRequests requests = new FilteredRequests(http);
        Stream[] late = new Stream[1];
        LifecycleParticipant opensAStream = atSignal(() -> late[0] = new Stream(requests, true));

        ShutdownReport report = run(ShutdownTrigger.SIGTERM, opensAStream);

        assertThat(late[0].toldAt).isZero();
        assertThat(phase(report, "http-drain").counts())
                .containsEntry("streams_ended", 0L)
                .containsEntry("streams_ended_on_join", 1L);
    }

    @Test
    void afterLibertyClosedThePortStreamsAreStillToldToComeBack() {
        Stream stream = new Stream(new FilteredRequests(http), true);

        run(ShutdownTrigger.APPLICATION_STOP, signalClock());

        assertThat(stream.toldAt).isZero();
        assertThat(streams.open()).isZero();
    }
}
