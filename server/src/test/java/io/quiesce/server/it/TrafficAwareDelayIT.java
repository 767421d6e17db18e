package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.registry.LoopbackRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The traffic-aware delay and the registry participant on the packaged server: at SIGTERM the server leaves Consul and
 * Eureka (a loopback registry speaking their APIs, whose Eureka reads lag 2 s like Eureka's response cache); a client
 * that finds the server through the registry keeps opening connections until its view drops the instance, and the delay
 * waits for exactly that traffic to stop, then ends on its quiet period long before its maximum. A keep-alive connection
 * opened before the signal is answered with Connection: close and is not new traffic.
 */
class TrafficAwareDelayIT {

    private static final Logger LOG = Logger.getLogger(TrafficAwareDelayIT.class.getName());
    private static final Duration MAXIMUM = Duration.ofSeconds(15);
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Duration REGISTRY_CACHE = Duration.ofSeconds(2);
    private static final Pattern DELAY_LINE = Pattern.compile("event=shutdown\\.phase phase=delay .*");

    private LibertyServer server;
    private LoopbackRegistry registry;

    /** One request the registry's client sent, each on a new connection. */
    private record Sent(long nanos, int status, String error) {}

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theDelayWaitsForTheRegistrysClientsAndEndsWhenTheirNewConnectionsStop() throws Exception {
        registry = LoopbackRegistry.start(REGISTRY_CACHE);
        server = PackagedServer.start(
                "traffic-delay",
                Map.ofEntries(
                        Map.entry("QUIESCE_SHUTDOWN_DELAY_MODE", "traffic"),
                        Map.entry("QUIESCE_SHUTDOWN_DELAY", MAXIMUM.toSeconds() + "s"),
                        Map.entry("QUIESCE_SHUTDOWN_DELAY_MINIMUM", "1s"),
                        Map.entry("QUIESCE_SHUTDOWN_DELAY_QUIET_PERIOD", QUIET.toMillis() + "ms"),
                        Map.entry("QUIESCE_SHUTDOWN_DRAIN_TIMEOUT", "5s"),
                        Map.entry("QUIESCE_REGISTRY_CONSUL_URL", registry.consulUrl()),
                        Map.entry("QUIESCE_REGISTRY_CONSUL_SERVICE_ID", "quiesce-it"),
                        Map.entry("QUIESCE_REGISTRY_CONSUL_TOKEN", "it-token"),
                        Map.entry("QUIESCE_REGISTRY_EUREKA_URL", registry.eurekaUrl()),
                        Map.entry("QUIESCE_REGISTRY_EUREKA_APP", "QUIESCE"),
                        Map.entry("QUIESCE_REGISTRY_EUREKA_INSTANCE_ID", "quiesce-it")));
        int port = server.httpPort();
        Http.awaitStatus(port, "/health/ready", 200, Duration.ofSeconds(180));
        register(port);

        // A pooled client's connection, opened and kept alive before the signal.
        HttpConnection pinned = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(30))
                .withHeader("Authorization", "Bearer " + Tokens.viewer());
        assertThat(pinned.get("/api/demo/sleep?seconds=0").closesConnection()).isFalse();
        // The traffic's pace before the signal sets how long silence must last: 300 requests, over 5 per second
        // across the half minute the kernel looks back, keep the quiet period at its configured second.
        for (int i = 0; i < 300; i++) {
            assertThat(pinned.get("/api/demo/sleep?seconds=0").status()).isEqualTo(200);
        }

        List<Sent> sent = new CopyOnWriteArrayList<>();
        AtomicBoolean stillListed = new AtomicBoolean(true);
        Thread client = new Thread(() -> followTheRegistry(port, sent, stillListed), "registry-client");
        client.setDaemon(true);
        client.start();
        // 25 requests 100 ms apart: the burst's 2-second bucket of the kernel's pace is complete by then.
        Poll.require(
                "the registry's client to be sending",
                Duration.ofSeconds(30),
                Duration.ofMillis(20),
                () -> Optional.of(sent.size()).filter(n -> n >= 25));

        long sigterm = System.nanoTime();
        server.sigterm();
        Poll.require(
                "readiness to go DOWN",
                Duration.ofSeconds(5),
                Duration.ofMillis(5),
                () -> Http.tryGet(port, "/health/ready", Duration.ofSeconds(2)).filter(r -> r.status() == 503));
        long drainingSeen = System.nanoTime();
        HttpResponse onPinned = pinned.get("/api/demo/sleep?seconds=0");
        client.join(Duration.ofSeconds(30).toMillis());
        Optional<Integer> exitCode = server.awaitExit(Duration.ofSeconds(60));

        String log = Files.readString(server.messagesLog());
        Matcher delayLine = DELAY_LINE.matcher(log);
        assertThat(delayLine.find()).as("the delay's report line in%n%s", log).isTrue();
        String delay = delayLine.group();
        long start = number(delay, "start_ms");
        long duration = number(delay, "duration_ms");
        long newConnections = number(delay, "new_connections");
        // A connection opened just before SIGTERM may carry its request after the server's signal.
        long afterSignal = sent.stream()
                .filter(s -> s.nanos() > sigterm - Duration.ofMillis(50).toNanos())
                .count();
        long afterDraining = sent.stream().filter(s -> s.nanos() > drainingSeen).count();
        long lastSentMillis = (sent.get(sent.size() - 1).nanos() - sigterm) / 1_000_000;
        List<LoopbackRegistry.Call> deregistrations = registry.calls().stream()
                .filter(c -> c.nanos() > sigterm)
                .filter(c -> c.path().startsWith("/v1/agent/service/deregister/")
                        || c.path().endsWith("/status"))
                .toList();
        LOG.info(() -> String.format(
                "event=it.traffic_delay requests=%d after_signal=%d last_sent_ms=%d delay=\"%s\" deregistrations=%s",
                sent.size(), afterSignal, lastSentMillis, delay, deregistrations));

        assertThat(exitCode).as("exit code; log:%n%s", log).contains(0);
        assertThat(sent)
                .as("requests of the registry's client")
                .allSatisfy(s -> assertThat(s.status()).as("%s", s).isEqualTo(200));
        assertThat(onPinned.status()).isEqualTo(200);
        assertThat(onPinned.closesConnection())
                .as("the pinned connection is told to close")
                .isTrue();

        assertThat(deregistrations)
                .as("the registry calls after SIGTERM")
                .extracting(LoopbackRegistry.Call::path)
                .containsExactlyInAnyOrder(
                        "/v1/agent/service/deregister/quiesce-it", "/eureka/apps/QUIESCE/quiesce-it/status");
        assertThat(deregistrations).allSatisfy(call -> {
            long at = (call.nanos() - sigterm) / 1_000_000;
            assertThat(at).as("ms from SIGTERM to %s", call.path()).isLessThan(start + duration);
            assertThat(at).as("ms from SIGTERM to %s", call.path()).isLessThan(2000);
        });
        assertThat(deregistrations)
                .filteredOn(c -> c.path().startsWith("/v1/"))
                .singleElement()
                .satisfies(c -> assertThat(c.consulToken()).contains("it-token"));
        assertThat(registry.eurekaInstance("QUIESCE", "quiesce-it"))
                .map(LoopbackRegistry.Instance::status)
                .contains("OUT_OF_SERVICE");
        assertThat(log)
                .contains("event=registry.deregistered registry=consul", "event=registry.deregistered registry=eureka");

        assertThat(afterDraining)
                .as("the client kept finding the server through the registry's stale view")
                .isPositive();
        assertThat(delay)
                .contains("outcome=COMPLETED", "ended_by=quiet", "mode=traffic", "quiet_ms=" + QUIET.toMillis());
        assertThat(newConnections)
                .as("new connections: the client's, opened after the signal; the pinned one is not new")
                .isBetween(afterDraining, afterSignal);
        assertThat(start + duration)
                .as(
                        "the delay ends a quiet period after the client's last request (%d ms after SIGTERM)",
                        lastSentMillis)
                .isGreaterThanOrEqualTo(lastSentMillis + QUIET.toMillis() - 250);
        assertThat(duration).as("the delay ended long before its maximum").isLessThan(MAXIMUM.toMillis() - 5000);
    }

    /**
     * A registry client as Eureka's: it reads the instance list every 250 ms (through the registry's lagging cache) and
     * sends a request every 100 ms on a new connection while the instance is listed UP; it stops once it is not.
     */
    private void followTheRegistry(int port, List<Sent> sent, AtomicBoolean stillListed) {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long nextRead = 0;
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextRead) {
                try {
                    String apps = http.send(
                                    HttpRequest.newBuilder(URI.create(registry.eurekaUrl() + "/apps/QUIESCE"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString())
                            .body();
                    stillListed.set(apps.contains("\"status\":\"UP\""));
                } catch (IOException e) {
                    stillListed.set(false);
                } catch (InterruptedException e) {
                    return;
                }
                nextRead = System.nanoTime() + Duration.ofMillis(250).toNanos();
            }
            if (!stillListed.get()) {
                return;
            }
            long now = System.nanoTime();
            try (HttpConnection connection = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(10))
                    .withHeader("Authorization", "Bearer " + Tokens.viewer())) {
                sent.add(new Sent(
                        now, connection.get("/api/demo/sleep?seconds=0").status(), null));
            } catch (IOException e) {
                sent.add(new Sent(now, -1, e.toString()));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // the client's own pace, not a wait for state
        }
    }

    /** What the application or its platform does at start: register with both registries. */
    private void register(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        http.send(
                HttpRequest.newBuilder(URI.create(registry.consulUrl() + "/v1/agent/service/register"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"ID\":\"quiesce-it\",\"Name\":\"quiesce\","
                                + "\"Address\":\"127.0.0.1\",\"Port\":" + port + "}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        http.send(
                HttpRequest.newBuilder(URI.create(registry.eurekaUrl() + "/apps/QUIESCE"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"instance\":{\"instanceId\":\"quiesce-it\","
                                + "\"hostName\":\"127.0.0.1\",\"app\":\"QUIESCE\",\"status\":\"UP\",\"port\":{\"$\":"
                                + port + ",\"@enabled\":\"true\"}}}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(registry.consulService("quiesce-it")).isPresent();
        assertThat(registry.eurekaInstance("QUIESCE", "quiesce-it")).isPresent();
    }

    private static long number(String line, String key) {
        Matcher m = Pattern.compile("\\b" + key + "=(\\d+)").matcher(line);
        assertThat(m.find()).as("%s in %s", key, line).isTrue();
        return Long.parseLong(m.group(1));
    }
}
