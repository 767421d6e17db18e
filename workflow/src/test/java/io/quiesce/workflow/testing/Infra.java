package io.quiesce.workflow.testing;

import io.quiesce.database.testing.TestDatabases;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.workflow.config.WorkflowConfig;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real services the integration tests run against, started once per test JVM and closed at its end: PostgreSQL
 * (the database module's {@link TestDatabases}) and a Temporal frontend ({@code TestServer.createPortBoundServer}, the
 * same gRPC server the dev services run). Each test class gets its own database and task queue, so tests never see each
 * other's data.
 */
public final class Infra implements AutoCloseable {

    /** The code version of the servers the tests run, unless a test sets its own. */
    public static final String CODE_VERSION = "0.1.0-test";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final TestServer.PortBoundTestServer temporal;
    private final int temporalPort;

    private Infra(TestServer.PortBoundTestServer temporal, int temporalPort) {
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
        int port = freePort();
        return new Infra(TestServer.createPortBoundServer(port), port);
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

    /** A new database with every script on the class path applied, exactly as the application migrates it. */
    public DataSource newMigratedDatabase(String prefix) {
        return TestDatabases.newMigratedDatabase(prefix);
    }

    public static String newTaskQueue(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** The module's configuration as the defaults file has it, pointed at the test Temporal, with overrides. */
    public WorkflowConfig config(String taskQueue, String identity, Map<String, String> overrides) {
        return config(temporalTarget(), taskQueue, identity, overrides);
    }

    /** The same for a Temporal at {@code target}, e.g. in a worker process of its own. */
    public static WorkflowConfig config(
            String target, String taskQueue, String identity, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                WorkflowConfig.TARGET, target,
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
        values.put(WorkflowConfig.MAX_CONCURRENT_ACTIVITIES, "16");
        values.put(WorkflowConfig.MAX_CONCURRENT_WORKFLOW_TASKS, "4");
        values.put(WorkflowConfig.CACHE_SIZE, "32");
        values.put(WorkflowConfig.DEADLOCK_DETECTION_TIMEOUT, "5s");
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

    /** Whether Temporal has the instance's activity started by worker {@code identity} and not yet ended. */
    public static boolean activityRunningOn(WorkflowClient client, String id, String identity) {
        return activityRunningOn(client, id, identity, null);
    }

    /** The same for an activity of one type, e.g. {@code report.RunStep}; null for any. */
    public static boolean activityRunningOn(WorkflowClient client, String id, String identity, String activityType) {
        return client.newUntypedWorkflowStub(id).describe().getRawDescription().getPendingActivitiesList().stream()
                .anyMatch(a -> a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
                        && a.getLastWorkerIdentity().equals(identity)
                        && (activityType == null
                                || a.getActivityType().getName().equals(activityType)));
    }

    public static EventLog log(String name) {
        return EventLog.named(name, LogFormat.TEXT);
    }

    @Override
    public void close() throws IOException {
        temporal.close();
    }
}
