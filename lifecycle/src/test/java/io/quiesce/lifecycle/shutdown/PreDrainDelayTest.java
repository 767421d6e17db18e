package io.quiesce.lifecycle.shutdown;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.config.DelayPolicy;
import io.quiesce.lifecycle.config.ShutdownConfig;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.lifecycle.time.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The delay phase on a fake clock, with new connections scripted at offsets from the signal. */
class PreDrainDelayTest {

    private static final DelayPolicy TRAFFIC = DelayPolicy.traffic(ofSeconds(2), ofSeconds(2));

    private final FakeTime time = new FakeTime();
    private final List<String> logLines = new ArrayList<>();

    /** New connections at fixed offsets from the signal, visible once the fake clock has passed them. */
    private final class ScriptedTraffic implements HttpTraffic {
        private final List<Duration> arrivals;
        private long signalNanos;
        private double perSecond = -1;

        ScriptedTraffic(Duration... arrivals) {
            this.arrivals = List.of(arrivals);
        }

        ScriptedTraffic pace(double requestsPerSecond) {
            perSecond = requestsPerSecond;
            return this;
        }

        @Override
        public double requestsPerSecondBeforeSignal() {
            return perSecond;
        }

        @Override
        public int inFlight() {
            return 0;
        }

        @Override
        public void beginDraining() {
            signalNanos = time.nanoTime();
        }

        @Override
        public long servedWhileDraining() {
            return 0;
        }

        private List<Long> seen() {
            return arrivals.stream()
                    .map(a -> signalNanos + a.toNanos())
                    .filter(at -> at <= time.nanoTime())
                    .toList();
        }

        @Override
        public long newConnections() {
            return seen().size();
        }

        @Override
        public long lastNewConnectionNanos() {
            return seen().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    private PhaseResult delay(DelayPolicy policy, Duration maximum, HttpTraffic traffic) {
        return delay(new ShutdownConfig(ofSeconds(30), ofSeconds(2), maximum, ofSeconds(15), policy), traffic);
    }

    private PhaseResult delay(ShutdownConfig settings, HttpTraffic traffic) {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                logLines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        ShutdownReport report = new ShutdownSequence(
                        settings,
                        List.of(),
                        traffic,
                        LongLivedStreams.NONE,
                        new LifecycleStatus(),
                        time,
                        new BoundedRunner(Runnable::run, time),
                        new EventLog(logger, LogFormat.TEXT),
                        ShutdownTelemetry.NONE)
                .run(ShutdownTrigger.SIGTERM);
        return report.phases().stream()
                .filter(p -> p.name().equals(ShutdownSequence.DELAY))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void withoutNewConnectionsTheDelayEndsAtTheLaterOfMinimumAndQuietPeriod() {
        PhaseResult delay =
                delay(DelayPolicy.traffic(ofSeconds(1), ofSeconds(3)), ofSeconds(10), new ScriptedTraffic());

        assertThat(delay.duration()).isEqualTo(ofSeconds(3));
        assertThat(delay.outcome()).isEqualTo(PhaseOutcome.COMPLETED);
        assertThat(delay.labels()).containsEntry("ended_by", "quiet").containsEntry("mode", "traffic");
        assertThat(delay.counts()).containsEntry("new_connections", 0L).doesNotContainKey("last_new_connection_ms");
    }

    @Test
    void sparseTrafficNeverEndsTheDelayBeforeTheMinimum() {
        PhaseResult delay = delay(
                DelayPolicy.traffic(ofSeconds(4), ofSeconds(1)), ofSeconds(10), new ScriptedTraffic(ofMillis(500)));

        assertThat(delay.duration()).isEqualTo(ofSeconds(4));
        assertThat(delay.labels()).containsEntry("ended_by", "quiet");
        assertThat(delay.counts()).containsEntry("new_connections", 1L).containsEntry("last_new_connection_ms", 500L);
    }

    @Test
    void everyNewConnectionRestartsTheQuietPeriod() {
        // Slow propagation: connections keep arriving until 5.5 s after the signal, then stop.
        PhaseResult delay = delay(
                TRAFFIC,
                ofSeconds(15),
                new ScriptedTraffic(ofMillis(300), ofMillis(1500), ofMillis(3000), ofMillis(4200), ofMillis(5500)));

        assertThat(delay.duration()).isEqualTo(ofMillis(7500));
        assertThat(delay.labels()).containsEntry("ended_by", "quiet");
        assertThat(delay.counts()).containsEntry("new_connections", 5L).containsEntry("last_new_connection_ms", 5500L);
        assertThat(logLines)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("event=shutdown.phase phase=delay")
                        .contains("outcome=COMPLETED")
                        .contains("new_connections=5")
                        .contains("last_new_connection_ms=5500")
                        .contains("ended_by=quiet")
                        .contains("mode=traffic"));
    }

    @Test
    void trafficThatNeverStopsEndsTheDelayAtItsMaximum() {
        Duration[] everySecond = new Duration[20];
        for (int i = 0; i < everySecond.length; i++) {
            everySecond[i] = ofSeconds(i);
        }
        PhaseResult delay = delay(TRAFFIC, ofSeconds(5), new ScriptedTraffic(everySecond));

        assertThat(delay.duration()).isEqualTo(ofSeconds(5));
        assertThat(delay.outcome()).isEqualTo(PhaseOutcome.COMPLETED);
        assertThat(delay.labels()).containsEntry("ended_by", "maximum");
        assertThat(delay.counts()).containsEntry("new_connections", 6L).containsEntry("last_new_connection_ms", 5000L);
    }

    @Test
    void theFixedDelayWaitsItsWholeLengthAndStillCountsNewConnections() {
        PhaseResult delay = delay(DelayPolicy.fixed(), ofSeconds(5), new ScriptedTraffic(ofMillis(800)));

        assertThat(delay.duration()).isEqualTo(ofSeconds(5));
        assertThat(delay.labels()).containsEntry("ended_by", "maximum").containsEntry("mode", "fixed");
        assertThat(delay.counts()).containsEntry("new_connections", 1L).containsEntry("last_new_connection_ms", 800L);
    }

    @Test
    void aDeadlineShorterThanTheMaximumCutsTheDelayAndSaysSo() {
        // deadline 6 - 1 = 5 s; the maximum of 8 s cannot be granted.
        ShutdownConfig settings = new ShutdownConfig(ofSeconds(6), ofSeconds(1), ofSeconds(8), ofSeconds(1), TRAFFIC);
        Duration[] busy = new Duration[10];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = ofSeconds(i);
        }
        PhaseResult delay = delay(settings, new ScriptedTraffic(busy));

        assertThat(delay.granted()).isEqualTo(ofSeconds(5));
        assertThat(delay.duration()).isEqualTo(ofSeconds(5));
        assertThat(delay.outcome()).isEqualTo(PhaseOutcome.TIMED_OUT);
        assertThat(delay.labels()).containsEntry("ended_by", "deadline");
    }

    @Test
    void aDelayOfZeroIsOffInTrafficModeToo() {
        PhaseResult delay = delay(TRAFFIC, Duration.ZERO, new ScriptedTraffic(ofMillis(1)));

        assertThat(delay.duration()).isZero();
        assertThat(delay.outcome()).isEqualTo(PhaseOutcome.COMPLETED);
        assertThat(delay.labels()).containsEntry("ended_by", "maximum");
    }

    @Test
    void theSignalLineNamesTheMode() {
        delay(TRAFFIC, ofSeconds(5), new ScriptedTraffic());

        assertThat(logLines)
                .anySatisfy(line ->
                        assertThat(line).startsWith("event=shutdown.signal").contains("delay_mode=traffic"));
    }

    @Test
    void sparseTrafficBeforeTheSignalStretchesTheQuietPeriodToFiveOfItsGaps() {
        // One request every 1.25 s before the signal: silence means something only after 5 x 1.25 s.
        PhaseResult delay = delay(TRAFFIC, ofSeconds(10), new ScriptedTraffic(ofMillis(700)).pace(0.8));

        assertThat(delay.counts()).containsEntry("quiet_ms", 6250L);
        assertThat(delay.duration()).isEqualTo(ofMillis(700 + 6250));
        assertThat(delay.labels()).containsEntry("ended_by", "quiet");
    }

    @Test
    void withoutAnyTrafficBeforeTheSignalNothingCanBeLearntAndTheDelayLastsItsMaximum() {
        PhaseResult delay = delay(TRAFFIC, ofSeconds(5), new ScriptedTraffic().pace(0));

        assertThat(delay.duration()).isEqualTo(ofSeconds(5));
        assertThat(delay.labels()).containsEntry("ended_by", "maximum");
    }

    @Test
    void denseTrafficKeepsTheConfiguredQuietPeriod() {
        PhaseResult delay = delay(TRAFFIC, ofSeconds(10), new ScriptedTraffic(ofMillis(100)).pace(25));

        assertThat(delay.counts()).containsEntry("quiet_ms", 2000L);
        assertThat(delay.duration()).isEqualTo(ofMillis(2100));
    }
}
