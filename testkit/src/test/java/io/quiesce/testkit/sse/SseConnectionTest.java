package io.quiesce.testkit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The parser against canned responses from a loopback socket, field by field as the HTML standard has it. */
class SseConnectionTest {

    /** Answers one request with {@code response} and returns the request head it read. */
    private static CompletableFuture<String> serve(ServerSocket server, String response) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                StringBuilder request = new StringBuilder();
                while (!request.toString().endsWith("\r\n\r\n")) {
                    request.append((char) in.read());
                }
                OutputStream out = socket.getOutputStream();
                out.write(response.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return request.toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String chunk(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n";
    }

    @Test
    void parsesEventsCommentsAndRetryAcrossChunksAndEndsAtTheTerminalChunk() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = serve(
                    server,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                            + "Connection: close\r\n\r\n"
                            + chunk(": events of instance x\nretry: 1500\n\n")
                            + chunk("id: 7\nevent: step-started\nda")
                            + chunk("ta: {\"a\":1}\n\n: heartbeat\n")
                            + chunk("data: line one\ndata:line two\n\nid: 8\nretry: x\n\n")
                            + "0\r\n\r\n");
            try (SseConnection stream = SseConnection.open(
                    "127.0.0.1",
                    server.getLocalPort(),
                    "/events",
                    Map.of("Authorization", "Bearer t"),
                    "6",
                    Duration.ofSeconds(5))) {
                assertThat(stream.isStream()).isTrue();
                assertThat(stream.header("Connection")).isEqualTo("close");
                List<SseItem> items = new ArrayList<>();
                for (SseItem item = stream.next(); item != null; item = stream.next()) {
                    items.add(item);
                }

                assertThat(items).hasSize(5);
                assertThat(items.get(0)).isEqualTo(new SseItem.Comment("events of instance x"));
                assertThat(items.get(1)).isEqualTo(new SseItem.Retry(1500));
                assertThat(items.get(2)).isInstanceOfSatisfying(SseItem.Event.class, e -> {
                    assertThat(e.id()).isEqualTo("7");
                    assertThat(e.name()).isEqualTo("step-started");
                    assertThat(e.data()).isEqualTo("{\"a\":1}");
                });
                assertThat(items.get(3)).isEqualTo(new SseItem.Comment("heartbeat"));
                assertThat(items.get(4)).isInstanceOfSatisfying(SseItem.Event.class, e -> {
                    assertThat(e.id()).as("the last id carries over").isEqualTo("7");
                    assertThat(e.name()).isEqualTo("message");
                    assertThat(e.data()).isEqualTo("line one\nline two");
                });
                assertThat(stream.lastEventId())
                        .as("an id without data still counts")
                        .isEqualTo("8");
            }
            assertThat(request.get())
                    .startsWith("GET /events HTTP/1.1\r\n")
                    .contains("Accept: text/event-stream\r\n")
                    .contains("Authorization: Bearer t\r\n")
                    .contains("Last-Event-ID: 6\r\n");
        }
    }

    @Test
    void aProblemIsNotAStreamAndItsBodyIsReadable() throws Exception {
        String problem = "{\"status\":503}";
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = serve(
                    server,
                    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 5\r\n"
                            + "Content-Length: " + problem.length() + "\r\nConnection: close\r\n\r\n" + problem);
            try (SseConnection stream = SseConnection.open(
                    "127.0.0.1", server.getLocalPort(), "/events", Map.of(), null, Duration.ofSeconds(5))) {
                assertThat(stream.isStream()).isFalse();
                assertThat(stream.header("retry-after")).isEqualTo("5");
                assertThat(stream.body()).isEqualTo(problem);
            }
            assertThat(request.get()).doesNotContain("Last-Event-ID");
        }
    }
}
