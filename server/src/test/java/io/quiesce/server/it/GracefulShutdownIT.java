package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.SteadyLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The promise of Quiesce, end to end: the packaged server, started as the image starts it, receives SIGTERM under load with
 * a long request in flight, and no request fails. Clients never retry, so any refused, reset or unanswered request counts.
 */
class GracefulShutdownIT {

    private static final Logger LOG = Logger.getLogger(GracefulShutdownIT.class.getName());
    private static final Duration DELAY = Duration.ofSeconds(3);
    private static final int LONG_SECONDS = 10;
    /** When the pre-drain delay began and how long it lasted, from the signal on. */
    private static final Pattern DELAY_PHASE =
            Pattern.compile("event=shutdown\\.phase phase=delay start_ms=(\\d+) duration_ms=(\\d+)");

    private LibertyServer server;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sigtermUnderLoadLosesNoRequestAndExitsZero() throws Exception {
        server = PackagedServer.start("graceful-shutdown", Map.of("QUIESCE_SHUTDOWN_DELAY", DELAY.toSeconds() + "s"));
        int port = server.httpPort();
        server.awaitReady(Duration.ofSeconds(180));

        SteadyLoad load = new SteadyLoad(
                port,
                4,
                Duration.ofMillis(40),
                List.of(
                        SteadyLoad.Request.get("/api/demo/sleep?seconds=0"),
                        SteadyLoad.Request.postJson("/api/demo/echo", "{\"ping\":true}")),
                Map.of("Authorization", "Bearer " + Tokens.viewer()));
        Poll.require(
                "keep-alive load to be flowing",
                Duration.ofSeconds(30),
                Duration.ofMillis(20),
                () -> Optional.of(load.completed()).filter(n -> n >= 40));

        // The long request goes over a connection that has already been kept alive once, like a pooled client's.
        HttpConnection longConnection = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(60))
                .withHeader("Authorization", "Bearer " + Tokens.viewer());
        assertThat(longConnection.get("/api/demo/sleep?seconds=0").closesConnection())
                .isFalse();
        CompletableFuture<HttpResponse> longRequest = CompletableFuture.supplyAsync(() -> {
            try {
                return longConnection.get("/api/demo/sleep?seconds=" + LONG_SECONDS);
            } catch (IOException e) {
                throw new IllegalStateException("the long request failed", e);
            }
        });
        int before = load.completed();
        Poll.require(
                "the long request to be in flight",
                Duration.ofSeconds(30),
                Duration.ofMillis(20),
                () -> Optional.of(load.completed()).filter(n -> n >= before + 40));

        long sigterm = System.nanoTime();
        server.sigterm();
        HttpResponse notReady = Poll.require(
                "readiness to go DOWN",
                Duration.ofSeconds(5),
                Duration.ofMillis(10),
                () -> Http.tryGet(port, "/health/ready", Duration.ofSeconds(2)).filter(r -> r.status() == 503));
        long drainingSeen = System.nanoTime();
        Duration readinessDown = Duration.ofNanos(drainingSeen - sigterm);
        HttpResponse liveWhileDraining = Http.get(port, "/health/live", Duration.ofSeconds(2));
        // The kubelet does not send SIGTERM twice, but an operator might: the second one must change nothing.
        server.sigterm();

        HttpResponse longResponse = longRequest.get(60, TimeUnit.SECONDS);
        List<SteadyLoad.Outcome> outcomes = load.stop();
        Optional<Integer> exitCode = server.awaitExit(Duration.ofSeconds(60));
        Duration sigtermToExit = Duration.ofNanos(System.nanoTime() - sigterm);

        List<SteadyLoad.Outcome> failed =
                outcomes.stream().filter(SteadyLoad.Outcome::failed).toList();
        List<SteadyLoad.Outcome> afterSignal =
                outcomes.stream().filter(o -> o.doneNanos() > sigterm).toList();
        // The JVM runs the handler a few ms after kill(2); a request sent once readiness said DOWN is surely drained.
        List<SteadyLoad.Outcome> sentWhileDraining =
                outcomes.stream().filter(o -> o.sentNanos() > drainingSeen).toList();
        long keptAliveBefore = outcomes.stream()
                .filter(o -> o.doneNanos() < sigterm)
                .collect(java.util.stream.Collectors.groupingBy(
                        SteadyLoad.Outcome::connection, java.util.stream.Collectors.counting()))
                .values()
                .stream()
                .filter(n -> n > 1)
                .count();
        LOG.info(() -> String.format(
                "event=it.graceful_shutdown requests=%d failed=%d after_signal=%d readiness_down_ms=%d "
                        + "sigterm_to_exit_ms=%d exit_code=%s",
                outcomes.size(),
                failed.size(),
                afterSignal.size(),
                readinessDown.toMillis(),
                sigtermToExit.toMillis(),
                exitCode.orElse(null)));

        String logs = server.logs();
        assertThat(failed).as("requests that failed; server log:%n%s", logs).isEmpty();
        String messages = Files.readString(server.messagesLog());
        Matcher delay = DELAY_PHASE.matcher(messages);
        assertThat(delay.find())
                .as("the delay phase's line; server log:%n%s", logs)
                .isTrue();
        assertThat(readinessDown.toMillis())
                .as("readiness 503 (after SIGTERM) seen before the pre-drain delay ended, so before the drain")
                .isLessThan(Long.parseLong(delay.group(1)) + Long.parseLong(delay.group(2)));
        assertThat(notReady.bodyText()).contains("DRAINING").contains("SIGTERM received");
        assertThat(liveWhileDraining.status()).as("liveness during the drain").isEqualTo(200);
        assertThat(longResponse.status()).as("the long request").isEqualTo(200);
        assertThat(longResponse.closesConnection())
                .as("the long request, in flight at SIGTERM, closes its connection")
                .isTrue();
        assertThat(keptAliveBefore).as("connections reused before SIGTERM").isPositive();
        assertThat(afterSignal).as("requests answered after SIGTERM").isNotEmpty();
        assertThat(sentWhileDraining)
                .as("requests sent once readiness was DOWN")
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.closeHeader())
                        .as("Connection: close on " + o)
                        .isTrue());
        assertThat(exitCode).as("exit code; server log:%n%s", logs).contains(0);
        assertThat(messages)
                .contains("event=shutdown.phase phase=delay")
                .contains("event=shutdown.phase phase=http-drain")
                .contains("event=shutdown.signal_ignored trigger=SIGTERM")
                .containsPattern(
                        "event=shutdown.summary trigger=SIGTERM in_flight_at_signal=[1-9]\\d* served_while_draining=[1-9]\\d* .*exit_code=0");
    }
}
