package io.quiesce.workflow.testing;

import io.quiesce.database.ClasspathMigrations;
import io.quiesce.database.DatabaseMigration;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.workflow.config.WorkflowConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real services the integration tests run against, started once per test JVM and closed at its end: PostgreSQL
 * (zonky embedded binaries) and a Temporal frontend ({@code TestServer.createPortBoundServer}, the same gRPC server the dev
 * services run). Each test class gets its own database and task queue, so tests never see each other's data.
 */
public final class Infra implements AutoCloseable {

    /** The code version of the servers the tests run, unless a test sets its own. */
    public static final String CODE_VERSION = "0.1.0-test";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final EmbeddedPostgres postgres;
    private final TestServer.PortBoundTestServer temporal;
    private final int temporalPort;

    private Infra(EmbeddedPostgres postgres, TestServer.PortBoundTestServer temporal, int temporalPort) {
        this.postgres = postgres;
        this.temporal = temporal;
        this.temporalPort = temporalPort;
    }

    /** Registers with {@code @ExtendWith(Infra.Extension.class)}; tests then call {@link #get()}. */
    public static final class Extension implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(Infra.class, k -> Holder.INSTANCE, Infra.class);
        }
    }

    private static final class Holder {
        static final Infra INSTANCE = start();
    }

    public static Infra get() {
        return Holder.INSTANCE;
    }

    private static Infra start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            int port = freePort();
            TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(port);
            return new Infra(postgres, temporal, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test services", e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String temporalTarget() {
        return "127.0.0.1:" + temporalPort;
    }

    /** A new, empty database. */
    public DataSource newDatabase(String prefix) {
        String name = (prefix + "_" + SEQUENCE.incrementAndGet()).toLowerCase();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return dataSource(name);
    }

    /** A data source for a database that may not exist yet. */
    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(postgres.getJdbcUrl("postgres", database));
        return ds;
    }

    public void createDatabase(String name) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new database with the schema applied, exactly as the application migrates it. */
    public DataSource newMigratedDatabase(String prefix) {
        DataSource ds = newDatabase(prefix);
        ClassLoader loader = Infra.class.getClassLoader();
        DatabaseMigration.flyway(ds, loader, ClasspathMigrations.scan(loader, ClasspathMigrations.FOLDER))
                .migrate();
        return ds;
    }

    public static String newTaskQueue(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** The module's configuration as the defaults file has it, pointed at the test Temporal, with overrides. */
    public WorkflowConfig config(String taskQueue, String identity, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                WorkflowConfig.TARGET, temporalTarget(),
                WorkflowConfig.NAMESPACE, "default",
                WorkflowConfig.TASK_QUEUE, taskQueue,
                WorkflowConfig.RPC_TIMEOUT, "5s",
                WorkflowConfig.SHUTDOWN_BUDGET, "10s",
                WorkflowConfig.START_BACKOFF, "1s",
                WorkflowConfig.WORKER_IDENTITY, identity,
                WorkflowConfig.POLLERS, "2",
                WorkflowConfig.CODE_VERSION, CODE_VERSION));
        values.put(WorkflowConfig.MAX_CONCURRENT_CALLS, "8");
        values.put(WorkflowConfig.CALL_WAIT, "1s");
        values.putAll(overrides);
        return WorkflowConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    /** A client of its own (closed by the caller through {@link #close(WorkflowClient)}). */
    public WorkflowClient newClient(String target) {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target)
                .setRpcTimeout(Duration.ofSeconds(5))
                .build());
        return WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder().setNamespace("default").build());
    }

    public WorkflowClient newClient() {
        return newClient(temporalTarget());
    }

    public static void close(WorkflowClient client) {
        WorkflowServiceStubs stubs = client.getWorkflowServiceStubs();
        stubs.shutdownNow();
        stubs.awaitTermination(2000, TimeUnit.MILLISECONDS);
    }

    public static EventLog log(String name) {
        return EventLog.named(name, LogFormat.TEXT);
    }

    @Override
    public void close() throws IOException {
        temporal.close();
        postgres.close();
    }
}
