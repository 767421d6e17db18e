package io.quiesce.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.quiesce.devservices.config.DevServicesConfig;
import io.quiesce.devservices.config.DevServicesException;
import io.quiesce.devservices.telemetry.Span;
import io.quiesce.devservices.telemetry.TelemetryArchive;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real services in this JVM on free loopback ports and talks to them as the application will: JDBC as the
 * {@code quiesce} user, a Temporal gRPC client against the {@code default} namespace, and an OTLP export.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DevServicesIT {

    private static final Duration PORT_CLOSE_DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void servesPostgresTemporalAndOtlpOnLoopbackUntilClosed() throws Exception {
        int[] ports = freePorts(3);
        DevServicesConfig config = new DevServicesConfig(dir, ports[0], ports[1], ports[2], "");
        Map<String, String> ready;
        try (DevServices services = DevServices.start(config)) {
            ready = load(config.propertiesFile());
            assertThat(ready).isEqualTo(services.readyProperties());
            assertThat(ready)
                    .containsEntry(
                            "postgres.jdbc-url", "jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/quiesce")
                    .containsEntry("postgres.user", "quiesce")
                    .containsEntry("postgres.password", "quiesce")
                    .containsEntry("temporal.target", "127.0.0.1:" + config.temporalPort())
                    .containsEntry(
                            "jwt.public-key",
                            config.jwtDir().resolve("public.pem").toString());

            try (Connection connection = connect(ready, "quiesce");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select 1, current_user, current_database()")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getString(2)).isEqualTo("quiesce");
                assertThat(rows.getString(3)).isEqualTo("quiesce");
            }
            assertThatThrownBy(() -> connect(ready, "wrong").close())
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));

            assertThat(describeDefaultNamespace(ready.get("temporal.target"))
                            .getNamespaceInfo()
                            .getName())
                    .isEqualTo("default");
            assertThat(Files.exists(config.jwtDir().resolve("private.pem"))).isTrue();

            assertThat(ready)
                    .containsEntry("otlp.endpoint", "http://127.0.0.1:" + config.otlpPort())
                    .containsEntry("otlp.dir", config.telemetryDir().toString());
            byte[] export = ExportTraceServiceRequest.newBuilder()
                    .addResourceSpans(ResourceSpans.newBuilder()
                            .addScopeSpans(ScopeSpans.newBuilder()
                                    .addSpans(io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                            .setName("shutdown"))))
                    .build()
                    .toByteArray();
            HttpResponse<Void> exported = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(ready.get("otlp.endpoint") + "/v1/traces"))
                                    .header("Content-Type", "application/x-protobuf")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(export))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            assertThat(exported.statusCode()).isEqualTo(200);
            assertThat(TelemetryArchive.readSpans(config.telemetryDir()))
                    .extracting(Span::name)
                    .containsExactly("shutdown");
        }

        assertThat(config.propertiesFile()).doesNotExist();
        awaitRefused(config.postgresPort());
        awaitRefused(config.temporalPort());
        awaitRefused(config.otlpPort());
    }

    @Test
    void keepsDataAndKeysAcrossRestartsOnTheSameDirectory() throws Exception {
        int[] ports = freePorts(2);
        DevServicesConfig config = new DevServicesConfig(dir, ports[0], ports[1], "");
        String publicKey;
        try (DevServices services = DevServices.start(config)) {
            Map<String, String> ready = services.readyProperties();
            try (Connection connection = connect(ready, "quiesce");
                    Statement statement = connection.createStatement()) {
                statement.execute("create table survivor (name text primary key)");
                statement.execute("insert into survivor values ('kept')");
            }
            publicKey = Files.readString(config.jwtDir().resolve("public.pem"));
        }
        awaitRefused(config.postgresPort());

        try (DevServices services = DevServices.start(config)) {
            try (Connection connection = connect(services.readyProperties(), "quiesce");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select name from survivor")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("kept");
            }
            assertThat(Files.readString(config.jwtDir().resolve("public.pem"))).isEqualTo(publicKey);
        }
    }

    @Test
    void failsFastNamingTheTakenPortAndStartsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DevServicesConfig config = new DevServicesConfig(dir, taken.getLocalPort(), freePorts(1)[0], "");
            assertThatThrownBy(() -> DevServices.start(config))
                    .isInstanceOf(DevServicesException.class)
                    .hasMessageContaining("PostgreSQL port " + taken.getLocalPort() + " is already in use on 127.0.0.1")
                    .hasMessageContaining("quiesce.devservices.postgres-port");

            // Fast because nothing was tried: PostgreSQL's data directory was never created.
            assertThat(config.postgresDataDir()).doesNotExist();
            assertThat(config.propertiesFile()).doesNotExist();
            awaitRefused(config.temporalPort());
        }
    }

    private static DescribeNamespaceResponse describeDefaultNamespace(String target) throws InterruptedException {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target)
                .setRpcTimeout(Duration.ofSeconds(10))
                .build());
        try {
            return stubs.blockingStub()
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .describeNamespace(DescribeNamespaceRequest.newBuilder()
                            .setNamespace("default")
                            .build());
        } finally {
            stubs.shutdownNow();
            // Milliseconds on purpose: in SDK 1.39.0 awaitTermination treats (5, SECONDS) as thousands of seconds.
            stubs.awaitTermination(5_000, TimeUnit.MILLISECONDS);
        }
    }

    private static Connection connect(Map<String, String> ready, String password) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", ready.get("postgres.user"));
        credentials.setProperty("password", password);
        credentials.setProperty("connectTimeout", "10");
        credentials.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(ready.get("postgres.jdbc-url"), credentials);
    }

    /** Polls until a connection to the loopback port is refused: the listener is gone, not merely slow. */
    private static void awaitRefused(int port) throws IOException {
        long deadline = System.nanoTime() + PORT_CLOSE_DEADLINE.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            } catch (ConnectException refused) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("port " + port + " still accepts connections "
                        + PORT_CLOSE_DEADLINE.toSeconds() + " s after the dev services stopped");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** Distinct ports, free on every interface right now (Temporal binds all of them): all held open at once. */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    /** The file as a client reads it, with the .properties format's own parser. */
    private static Map<String, String> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }
}
