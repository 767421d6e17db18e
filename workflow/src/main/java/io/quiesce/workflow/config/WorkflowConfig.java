package io.quiesce.workflow.config;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.ConfigReader;
import io.quiesce.workflow.change.WorkflowChange;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validated once when the worker starts, so that a bad value stops the application instead of surfacing as a worker that
 * never polls.
 *
 * @param rpcTimeout bound of one Temporal RPC (start, cancel): how long an API call waits before answering 503
 * @param pollers     concurrent long polls for workflow tasks, and as many for activity tasks
 * @param codeVersion the release this server runs (the image tag), kept with every instance it starts and step it runs
 * @param maxConcurrentCalls API requests that may wait on Temporal at once (starts, cancels): the Temporal bulkhead
 * @param callWait    how long a request waits for a turn before answering 503
 * @param activatedChanges workflow changes of this release whose new branch new runs take, besides those always active
 * @param maxConcurrentActivities activities this worker runs at once (a thread each while running)
 * @param maxConcurrentWorkflowTasks workflow tasks this worker runs at once
 * @param workflowCacheSize workflow executions kept in memory between tasks; the worker's workflow threads are bounded
 *     at twice this
 * @param deadlockDetectionTimeout how long workflow code may run without yielding before the SDK fails its workflow
 *     task as a potential deadlock
 */
public record WorkflowConfig(
        String target,
        String namespace,
        String taskQueue,
        Duration rpcTimeout,
        Duration shutdownBudget,
        Duration startBackoff,
        String workerIdentity,
        int pollers,
        String codeVersion,
        int maxConcurrentCalls,
        Duration callWait,
        Set<WorkflowChange> activatedChanges,
        int maxConcurrentActivities,
        int maxConcurrentWorkflowTasks,
        int workflowCacheSize,
        Duration deadlockDetectionTimeout) {

    public static final String TARGET = "quiesce.temporal.target";
    public static final String NAMESPACE = "quiesce.temporal.namespace";
    public static final String TASK_QUEUE = "quiesce.temporal.task-queue";
    public static final String RPC_TIMEOUT = "quiesce.temporal.rpc-timeout";
    public static final String SHUTDOWN_BUDGET = "quiesce.workflow.shutdown-budget";
    public static final String START_BACKOFF = "quiesce.workflow.start-backoff";
    public static final String WORKER_IDENTITY = "quiesce.workflow.worker-identity";
    public static final String POLLERS = "quiesce.workflow.pollers";
    public static final String CODE_VERSION = "quiesce.workflow.code-version";
    /** An image tag's syntax, so that the tag can be used as it is; the API's {@code codeVersion} filter accepts the same. */
    public static final String CODE_VERSION_PATTERN = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";

    public static final String MAX_CONCURRENT_CALLS = "quiesce.temporal.max-concurrent-calls";
    public static final String CALL_WAIT = "quiesce.temporal.call-wait";
    public static final String ACTIVATE_CHANGES = "quiesce.workflow.activate-changes";
    public static final String MAX_CONCURRENT_ACTIVITIES = "quiesce.workflow.max-concurrent-activities";
    public static final String MAX_CONCURRENT_WORKFLOW_TASKS = "quiesce.workflow.max-concurrent-workflow-tasks";
    public static final String CACHE_SIZE = "quiesce.workflow.cache-size";
    public static final String DEADLOCK_DETECTION_TIMEOUT = "quiesce.workflow.deadlock-detection-timeout";

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})");
    private static final Pattern NAMESPACE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final Pattern QUEUE_NAME = Pattern.compile("\\S{1,255}");
    private static final int MAX_IDENTITY = 200;

    public static WorkflowConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-workflow");
        String target = config.require(TARGET);
        var hostPort = HOST_PORT.matcher(target.trim());
        if (!hostPort.matches()
                || Integer.parseInt(hostPort.group(2)) < 1
                || Integer.parseInt(hostPort.group(2)) > 65535) {
            throw ConfigException.invalid(
                    TARGET, target, "host:port with a port from 1 to 65535, e.g. 127.0.0.1:17233");
        }
        String namespace = config.matching(
                NAMESPACE, NAMESPACE_NAME, "a name of 1 to 255 letters, digits, '.', '-' or '_', e.g. default");
        String taskQueue =
                config.matching(TASK_QUEUE, QUEUE_NAME, "a name of 1 to 255 characters without spaces, e.g. quiesce");
        Duration rpcTimeout = config.duration(RPC_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1));
        Duration budget = config.duration(SHUTDOWN_BUDGET, Duration.ZERO, Duration.ofMinutes(10));
        Duration backoff = config.duration(START_BACKOFF, Duration.ofMillis(100), Duration.ofMinutes(5));
        String identity = config.optional(WORKER_IDENTITY).orElseGet(WorkflowConfig::defaultIdentity);
        if (identity.length() > MAX_IDENTITY) {
            throw ConfigException.invalid(
                    WORKER_IDENTITY, identity, "at most " + MAX_IDENTITY + " characters (default: pid@host name)");
        }
        int pollers = config.wholeNumber(POLLERS, 1, 16);
        String codeVersion = config.matching(
                CODE_VERSION,
                Pattern.compile(CODE_VERSION_PATTERN),
                "an image tag: 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-', e.g. 1.4.2");
        int calls = config.wholeNumber(MAX_CONCURRENT_CALLS, 1, 1000);
        Duration callWait = config.duration(CALL_WAIT, Duration.ZERO, Duration.ofMinutes(1));
        Set<WorkflowChange> activated =
                changes(config.optional(ACTIVATE_CHANGES).orElse(""));
        int activities = config.wholeNumber(MAX_CONCURRENT_ACTIVITIES, 1, 1000);
        int workflowTasks = config.wholeNumber(MAX_CONCURRENT_WORKFLOW_TASKS, 1, 1000);
        int cache = config.wholeNumber(CACHE_SIZE, 1, 10_000);
        Duration deadlock = config.duration(DEADLOCK_DETECTION_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(1));
        return new WorkflowConfig(
                target.trim(),
                namespace,
                taskQueue,
                rpcTimeout,
                budget,
                backoff,
                identity,
                pollers,
                codeVersion,
                calls,
                callWait,
                activated,
                activities,
                workflowTasks,
                cache,
                deadlock);
    }

    /** A comma-separated list of change ids; an unknown one would otherwise be silently inactive. */
    private static Set<WorkflowChange> changes(String raw) {
        Set<WorkflowChange> changes = EnumSet.noneOf(WorkflowChange.class);
        for (String id : raw.split(",")) {
            if (id.isBlank()) {
                continue;
            }
            changes.add(WorkflowChange.byId(id.trim())
                    .orElseThrow(() -> ConfigException.invalid(
                            ACTIVATE_CHANGES,
                            raw,
                            "a comma-separated list of workflow change ids (" + WorkflowChange.ids()
                                    + "), or nothing for none")));
        }
        return Set.copyOf(changes);
    }

    /** {@code pid@host}, Temporal's own default format: unique per process, readable in the Temporal UI and in step rows. */
    public static String defaultIdentity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown-host");
        }
        long pid;
        try {
            pid = ProcessHandle.current().pid();
        } catch (UnsupportedOperationException e) {
            pid = Long.parseLong(ManagementFactory.getRuntimeMXBean().getName().split("@")[0]);
        }
        return pid + "@" + host;
    }
}
