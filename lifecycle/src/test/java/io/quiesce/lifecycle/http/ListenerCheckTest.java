package io.quiesce.lifecycle.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ListenerCheckTest {

    private final ListenerCheck check = new ListenerCheck();
    private final List<Integer> exits = new CopyOnWriteArrayList<>();
    private final EventLog log = EventLog.named("test", LogFormat.TEXT);

    @Test
    void aPortThisServerAnswersOnPasses() throws IOException {
        try (ServerSocket server = listener(true)) {
            check.check("/app", endpoint(server), log, exits::add, Duration.ofSeconds(5));
        }
        assertThat(exits).isEmpty();
    }

    @Test
    void aPortAnotherProcessAnswersOnStopsTheServer() throws IOException {
        try (ServerSocket server = listener(false)) {
            check.check("", endpoint(server), log, exits::add, Duration.ofMillis(600));
        }
        assertThat(exits).containsExactly(1);
    }

    @Test
    void aPortNothingListensOnStopsTheServerAtTheDeadline() throws IOException {
        Optional<InetSocketAddress> closed;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = Optional.of(new InetSocketAddress("127.0.0.1", server.getLocalPort()));
        }
        check.check("", () -> closed, log, exits::add, Duration.ofMillis(600));
        assertThat(exits).containsExactly(1);
    }

    @Test
    void aCheckStoppedByTheShutdownNeverExits() {
        check.stop();
        check.check(
                "", () -> Optional.of(new InetSocketAddress("127.0.0.1", 1)), log, exits::add, Duration.ofSeconds(5));
        assertThat(exits).isEmpty();
    }

    @Test
    void anUndefinedEndpointIsOnlyReported() {
        check.check("", Optional::empty, log, exits::add, Duration.ofMillis(300));
        assertThat(exits).isEmpty();
    }

    @Test
    void onlyThisJvmsRequestIsRecognised() {
        assertThat(check.recognise(null)).isFalse();
        assertThat(check.recognise("someone-else")).isFalse();
    }

    private static java.util.function.Supplier<Optional<InetSocketAddress>> endpoint(ServerSocket server) {
        return () -> Optional.of(new InetSocketAddress("127.0.0.1", server.getLocalPort()));
    }

    /** An HTTP listener that answers 404; as this server's filter would, it recognises the check header when asked to. */
    private ServerSocket listener(boolean ours) throws IOException {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (ours && line.startsWith(ListenerCheck.HEADER + ": ")) {
                            check.recognise(line.substring(ListenerCheck.HEADER.length() + 2));
                        }
                    }
                    socket.getOutputStream()
                            .write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }
}
