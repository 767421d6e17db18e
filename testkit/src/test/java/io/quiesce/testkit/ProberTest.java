package io.quiesce.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kubelet's rules for one probe, against a real loopback HTTP server. */
class ProberTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private int port;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> answer(exchange, 200));
        server.createContext("/redirect", exchange -> answer(exchange, 302));
        server.createContext("/down", exchange -> answer(exchange, 503));
        server.createContext("/hung", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200);
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void twoHundredToThreeNinetyNineSucceedsAnythingElseFails() {
        assertThat(Prober.probe("ok", port, "/ok", Duration.ofSeconds(2)).failed())
                .isFalse();
        assertThat(Prober.probe("redirect", port, "/redirect", Duration.ofSeconds(2))
                        .failed())
                .isFalse();
        assertThat(Prober.probe("down", port, "/down", Duration.ofSeconds(2))).satisfies(p -> {
            assertThat(p.status()).isEqualTo(503);
            assertThat(p.failed()).isTrue();
        });
    }

    @Test
    void aProbeWithoutAnAnswerWithinItsTimeoutFails() {
        Prober.Probe probe = Prober.probe("hung", port, "/hung", Duration.ofMillis(200));

        assertThat(probe.status()).isEqualTo(-1);
        assertThat(probe.failed()).isTrue();
    }

    @Test
    void probesEveryPeriodUntilToldToStop() {
        List<Prober.Probe> probes = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);

        Prober.every(
                "ok", port, "/ok", Duration.ZERO, Duration.ofMillis(10), Duration.ofSeconds(2), running::get, p -> {
                    probes.add(p);
                    return probes.size() < 3;
                });

        assertThat(probes).hasSize(3).allSatisfy(p -> assertThat(p.failed()).isFalse());
        assertThat(probes.get(2).sentNanos()).isGreaterThan(probes.get(0).sentNanos());
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
