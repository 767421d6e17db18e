package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.LibertyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The paths around the main one: Liberty's own {@code server stop}, and a configuration that must stop the start. */
class ServerLifecycleIT {

    private LibertyServer server;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void serverStopStillStopsTheApplicationInOrderAndDoesNotHang() throws Exception {
        server = PackagedServer.start("server-stop", Map.of());
        server.awaitReady(Duration.ofSeconds(180));

        assertThat(server.serverStop(Duration.ofSeconds(60)))
                .as("server stop exit code")
                .isZero();
        Optional<Integer> exit = server.awaitExit(Duration.ofSeconds(60));

        assertThat(exit).as("the server process ended").isPresent();
        assertThat(Files.readString(server.messagesLog()))
                .contains("event=shutdown.signal trigger=APPLICATION_STOP")
                .contains("event=shutdown.phase phase=delay start_ms=")
                .contains("outcome=NOT_NEEDED")
                .containsPattern("event=shutdown.phase phase=jobs .*outcome=COMPLETED .*scheduler_shut_down=1")
                .containsPattern("event=shutdown.summary trigger=APPLICATION_STOP .*exit_code=0");
    }

    /** A kernel setting and a participant's (the jobs module reads its own when it starts). */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "QUIESCE_SHUTDOWN_DELAY|five seconds|quiesce.shutdown.delay",
                "QUIESCE_JOBS_PURGE_CRON|every hour|quiesce.jobs.purge.cron"
            })
    void anInvalidValueStopsTheApplicationWithAMessageNamingTheProperty(String variable, String value, String property)
            throws Exception {
        server = PackagedServer.start("bad-config", Map.of(variable, value));
        String expected = "Invalid configuration " + property + "='" + value + "': allowed values are";

        Optional<Integer> exit = server.awaitExit(Duration.ofSeconds(180));

        assertThat(exit)
                .as("the server's exit code; " + server.logs())
                .isPresent()
                .get()
                .isEqualTo(1);
        assertThat(Files.readString(server.messagesLog()))
                .containsPattern(
                        "event=lifecycle.config_invalid (participant=\\w+ )?error=\"" + Pattern.quote(expected))
                .containsPattern("event=lifecycle.start_failed error=.*action=\"the server exits with status 1\"")
                .contains("CWWKZ0012I: The application quiesce was not started.");
    }

    /** Liberty alone would log CWWKO0221E and run on without a listener, never ready. */
    @Test
    void aTakenHttpPortStopsTheServerWithAMessageNamingThePortAndTheProperty() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread otherProcess = new Thread(
                    () -> {
                        while (!taken.isClosed()) {
                            try (Socket connection = taken.accept()) {
                                connection
                                        .getOutputStream()
                                        .write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                                                .getBytes(StandardCharsets.US_ASCII));
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "other-process");
            otherProcess.setDaemon(true);
            otherProcess.start();
            int port = taken.getLocalPort();
            server = PackagedServer.start("port-taken", Map.of("HTTP_PORT", Integer.toString(port)));

            Optional<Integer> exit = server.awaitExit(Duration.ofSeconds(180));

            assertThat(exit)
                    .as("the server's exit code; " + server.logs())
                    .isPresent()
                    .get()
                    .isEqualTo(1);
            assertThat(Files.readString(server.messagesLog()))
                    .contains("CWWKO0221E")
                    .containsPattern("event=lifecycle.http_port_unavailable port=" + port + " .*property=\"http.port "
                            + "\\(environment HTTP_PORT\\)\"");
        }
    }
}
