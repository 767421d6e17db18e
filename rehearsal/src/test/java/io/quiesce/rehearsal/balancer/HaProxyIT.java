package io.quiesce.rehearsal.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.Poll;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HAProxy behaves like kube-proxy: leaving the endpoints stops new connections only. */
class HaProxyIT {

    @TempDir
    Path dir;

    private final List<HttpServer> backends = new ArrayList<>();

    @Test
    void anEstablishedKeepAliveConnectionStaysOnItsServerAfterTheServerLeftTheEndpoints() throws Exception {
        try (HaProxy balancer = HaProxy.start(HaProxy.locate("haproxy"), dir, freePort(), 2, Duration.ofSeconds(30))) {
            balancer.assign(1, backend("a"));
            balancer.assign(2, backend("b"));
            balancer.enable(1);
            try (HttpConnection pinned = HttpConnection.open("127.0.0.1", balancer.port(), Duration.ofSeconds(5))) {
                assertThat(pinned.get("/").bodyText()).isEqualTo("a");

                balancer.enable(2);
                balancer.disable(1);

                assertThat(pinned.get("/").bodyText()).isEqualTo("a");
                assertThat(pinned.get("/").bodyText()).isEqualTo("a");
                try (HttpConnection fresh = HttpConnection.open("127.0.0.1", balancer.port(), Duration.ofSeconds(5))) {
                    assertThat(fresh.get("/").bodyText()).isEqualTo("b");
                }
            }
        }
    }

    @Test
    void aConnectionToAServerThatIsGoneIsLoggedAsRefusedWithoutARetryElsewhere() throws Exception {
        try (HaProxy balancer = HaProxy.start(HaProxy.locate("haproxy"), dir, freePort(), 2, Duration.ofSeconds(30))) {
            balancer.assign(1, freePort());
            balancer.enable(1);
            balancer.assign(2, backend("b"));
            try (HttpConnection connection = HttpConnection.open("127.0.0.1", balancer.port(), Duration.ofSeconds(5))) {
                int clientPort = connection.localPort();
                assertThat(catchThrowable(() -> connection.get("/"))).isInstanceOf(IOException.class);
                Poll.untilTrue(
                        "HAProxy to log the connection",
                        Duration.ofSeconds(10),
                        () -> balancer.connections().containsKey(clientPort));
                HaProxy.LoggedConnection logged =
                        balancer.connections().get(clientPort).peek();
                assertThat(logged.slot()).isEqualTo("pod1");
                assertThat(logged.terminationState()).startsWith("SC");
            }
        }
    }

    private int backend(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        backends.add(server);
        return server.getAddress().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @AfterEach
    void stopBackends() {
        backends.forEach(server -> server.stop(0));
    }
}
