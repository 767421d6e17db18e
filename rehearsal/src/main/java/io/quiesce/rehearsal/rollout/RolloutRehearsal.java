package io.quiesce.rehearsal.rollout;

import static io.quiesce.lifecycle.log.EventLog.fields;

import io.quiesce.devservices.DevServices;
import io.quiesce.devservices.TokenMinter;
import io.quiesce.devservices.config.DevServicesConfig;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.rehearsal.balancer.HaProxy;
import io.quiesce.rehearsal.callback.CallbackAudit;
import io.quiesce.rehearsal.callback.CallbackRehearsal;
import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.pod.Pod;
import io.quiesce.rehearsal.release.PreviousRelease;
import io.quiesce.rehearsal.release.Release;
import io.quiesce.rehearsal.report.DatabaseAudit;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.rehearsal.report.WorkflowTaskAudit;
import io.quiesce.rehearsal.watch.WatchAudit;
import io.quiesce.rehearsal.watch.WatchConfig;
import io.quiesce.rehearsal.watch.WatchReport;
import io.quiesce.rehearsal.watch.Watchers;
import io.quiesce.testkit.Directories;
import io.quiesce.testkit.Hold;
import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.OpenLoad;
import io.quiesce.testkit.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rehearsal from start to report: the releases (the previous one built, or found in the cache, first), dev
 * services, HAProxy, the overlay's replicas, the load and a schedule, the rolling update, then the audit of what the
 * clients, the database and Temporal's histories saw. Everything it started is stopped again.
 */
public final class RolloutRehearsal {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final RehearsalConfig config;
    private static final String EVENTS_PATH = "/api/instances/{id}/events";

    private final WatchConfig watchConfig;
    private final EventLog log = EventLog.named(RolloutRehearsal.class.getName(), LogFormat.TEXT);

    public RolloutRehearsal(RehearsalConfig config, WatchConfig watchConfig) {
        this.config = config;
        this.watchConfig = watchConfig;
    }

    public RunReport run() throws IOException, InterruptedException, SQLException {
        long began = System.nanoTime();
        Path haproxy = HaProxy.locate(config.haproxy());
        Release target = new Release(
                config.upgrade().version(), Release.requirePackaged(config.wlp(), "this build"), "this build", 0);
        Optional<Release> previous = config.upgrade().from().isPresent()
                ? Optional.of(PreviousRelease.resolve(config, log))
                : Optional.empty();
        if (previous.isPresent() && previous.get().version().equals(target.version())) {
            throw new IllegalStateException(
                    "the previous release (" + previous.get().origin() + ") and this build"
                            + " would both record code version " + target.version() + ": name the previous one with -D"
                            + RehearsalConfig.PREFIX + "from-version");
        }
        Release initial = previous.orElse(target);
        Directories.deleteRecursively(config.output());
        Files.createDirectories(config.output());
        String runId = Long.toString(System.currentTimeMillis(), 36);
        log.info(
                "rehearsal.starting",
                fields(
                        "overlay",
                        config.overlay(),
                        "replicas",
                        config.replicas(),
                        "replacements",
                        config.replacements(),
                        "rate",
                        config.capacity().measured() ? config.capacity().percent() + "% of capacity" : config.rate(),
                        "from",
                        initial.version(),
                        "to",
                        target.version(),
                        "output",
                        config.output()));
        DevServicesConfig servicesConfig = new DevServicesConfig(
                config.output().resolve("devservices"), config.postgresPort(), config.temporalPort(), runId);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, daemon("rehearsal-timer"));
        Progress progress = new Progress(config.replacements(), log, System.console());
        progress.start(timers);
        try (progress;
                DevServices services = DevServices.start(servicesConfig);
                HaProxy balancer = HaProxy.start(
                        haproxy,
                        config.output().resolve("haproxy"),
                        balancerPort(),
                        config.replicas() + config.replacements(),
                        config.requestTimeout())) {
            Map<String, String> ready = services.readyProperties();
            String token = TokenMinter.fromPrivateKeyPem(Path.of(ready.get("jwt.private-key")))
                    .mint("rehearsal", Set.of("operator", "viewer"), Duration.ofHours(24));
            DatabaseAudit audit = new DatabaseAudit(
                    ready.get("postgres.jdbc-url"), ready.get("postgres.user"), ready.get("postgres.password"));
            Map<String, String> podEnvironment = infrastructure(ready);
            try (CallbackRehearsal callbacks = new CallbackRehearsal(
                            ready.get("postgres.jdbc-url"),
                            ready.get("postgres.user"),
                            ready.get("postgres.password"));
                    Fleet fleet = new Fleet(
                            config, balancer, withAll(podEnvironment, callbacks.podEnvironment()), timers, log)) {
                // Ctrl+C: the servers, HAProxy and PostgreSQL are processes of their own and would outlive this JVM.
                Thread cleanup = new Thread(
                        () -> {
                            try {
                                fleet.close();
                                balancer.close();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            services.close();
                        },
                        "rehearsal-cleanup");
                Runtime.getRuntime().addShutdownHook(cleanup);
                Rollout rollout = new Rollout(config, fleet, timers, log, initial, target, progress);
                rollout.deployInitial();
                Instant deployed = Instant.now();
                Instant scheduleCreated = Instant.now();
                String scheduleId = createSchedule(fleet, token, runId);
                Optional<String> noEvents =
                        previous.isPresent() ? noEventStream(fleet, token, initial) : Optional.empty();
                Optional<String> noCallbacks = previous.isPresent() && config.callbackShare() > 0
                        ? noCallbacks(fleet, token, initial)
                        : Optional.empty();
                RunReport.Capacity capacity = null;
                RehearsalConfig loaded = config;
                if (config.capacity().measured()) {
                    capacity = new CapacitySearch(
                                    config,
                                    balancer.port(),
                                    new Traffic(config, token, "capacity-" + runId + "-", null),
                                    log)
                            .measure();
                    loaded = config.withRate(capacity.rate());
                    log.info(
                            "rehearsal.rate",
                            fields(
                                    "capacity",
                                    capacity.requestsPerSecond(),
                                    "percent",
                                    capacity.percent(),
                                    "rate",
                                    capacity.rate()));
                }
                Traffic traffic = new Traffic(
                        config,
                        token,
                        "rehearsal-" + runId + "-",
                        config.callbackShare() > 0 && noCallbacks.isEmpty() ? callbacks.url() : null);
                Watchers watchers = new Watchers(
                        noEvents.isEmpty() ? watchConfig : watchConfig.withShare(0), balancer.streamPort(), token, log);
                OpenLoad load = OpenLoad.start(
                        balancer.port(),
                        loaded.rate(),
                        config.maxConnections(),
                        config.requestTimeout(),
                        traffic::request,
                        outcome -> {
                            if (outcome.kind().equals(Traffic.INSTANCE)) {
                                watchers.accepted(outcome.status(), outcome.body());
                            }
                        });
                progress.load(load);
                Hold.forDuration(config.warmup());
                rollout.run();
                Hold.forDuration(config.cooldown());
                List<OpenLoad.Outcome> outcomes = load.stop(config.requestTimeout());
                Instant scheduleEnd = Instant.now();
                pauseSchedule(fleet, token, scheduleId);
                log.info("rehearsal.settling", fields("timeout", config.settleTimeout()));
                Poll.until(config.settleTimeout(), Duration.ofMillis(500), () -> {
                    try {
                        return audit.running("rehearsal-" + runId + "-", scheduleId) == 0
                                ? Optional.of(true)
                                : Optional.empty();
                    } catch (SQLException e) {
                        return Optional.empty();
                    }
                });
                WatchReport watches = noEvents.isPresent()
                        ? WatchReport.off(noEvents.get())
                        : watchers.finish(
                                Duration.ofSeconds(30),
                                new WatchAudit(
                                        ready.get("postgres.jdbc-url"),
                                        ready.get("postgres.user"),
                                        ready.get("postgres.password")),
                                "rehearsal-" + runId + "-",
                                scheduleId);
                Set<String> withCallback = traffic.acceptedWithCallback(outcomes);
                callbacks.awaitSettled(withCallback, config.settleTimeout());
                CallbackAudit.Callbacks delivered = noCallbacks.isPresent()
                        ? CallbackAudit.Callbacks.off(noCallbacks.get())
                        : callbacks.audit(withCallback);
                DatabaseAudit.Workflows workflows = audit.workflows(
                        "rehearsal-" + runId + "-", scheduleId, traffic.accepted(outcomes), config.workflowSteps());
                // A fire within the last period may still be on its way; it is not counted as missed.
                DatabaseAudit.Schedule schedule = audit.schedule(
                        scheduleId,
                        scheduleCreated,
                        scheduleEnd.minusSeconds(config.scheduleEverySeconds() + 1L),
                        Duration.ofSeconds(config.scheduleEverySeconds()));
                List<Pod> pods = fleet.pods();
                WorkflowTaskAudit.WorkflowTasks tasks = WorkflowTaskAudit.audit(
                        ready.get("temporal.target"),
                        "default",
                        audit.instanceIds("rehearsal-" + runId + "-", scheduleId),
                        workers(pods));
                Optional<Reporting.UpgradeRun> upgrade = Optional.empty();
                if (previous.isPresent()) {
                    List<DatabaseAudit.AppliedScript> migrations = audit.appliedSince(deployed);
                    long firstMigration = migrations.isEmpty()
                            ? -1
                            : System.nanoTime()
                                    - Duration.between(migrations.get(0).installedAt(), Instant.now())
                                            .toNanos();
                    upgrade = Optional.of(new Reporting.UpgradeRun(initial, target, migrations, firstMigration));
                }
                stopRemaining(pods);
                Poll.until(
                        Duration.ofSeconds(10),
                        Duration.ofMillis(100),
                        () -> balancer.connections().values().stream()
                                                .mapToInt(Collection::size)
                                                .sum()
                                        >= load.connectionsOpened()
                                ? Optional.of(true)
                                : Optional.empty());
                Runtime.getRuntime().removeShutdownHook(cleanup);
                return new Reporting(
                                loaded,
                                pods,
                                balancer.connections(),
                                outcomes,
                                load.unsent(),
                                load.connectionsOpened(),
                                load.staleConnections())
                        .report(
                                upgrade,
                                workflows,
                                tasks,
                                schedule,
                                watches,
                                delivered,
                                capacity,
                                Duration.ofNanos(System.nanoTime() - began));
            }
        } finally {
            timers.shutdownNow();
        }
    }

    /**
     * A worker identity's pod and release: the overlays set the identity to the pod name; without that it is Temporal's
     * default {@code pid@host}, and the pid tells the pod.
     */
    private static Function<String, WorkflowTaskAudit.Worker> workers(List<Pod> pods) {
        Map<String, Pod> byIdentity = new HashMap<>();
        for (Pod pod : pods) {
            byIdentity.put(pod.name(), pod);
            byIdentity.put(Long.toString(pod.server().pid()), pod);
        }
        return identity -> {
            Pod pod = byIdentity.getOrDefault(identity, byIdentity.get(identity.split("@", 2)[0]));
            return pod == null
                    ? new WorkflowTaskAudit.Worker(identity.isEmpty() ? "(no identity)" : identity, "(unknown)")
                    : new WorkflowTaskAudit.Worker(pod.name(), pod.release());
        };
    }

    private static Map<String, String> withAll(Map<String, String> env, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(more);
        return all;
    }

    /** The dev services in place of the overlay's database, Temporal and token issuer. */
    private static Map<String, String> infrastructure(Map<String, String> ready) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUIESCE_DB_URL", ready.get("postgres.jdbc-url"));
        env.put("QUIESCE_DB_USER", ready.get("postgres.user"));
        env.put("QUIESCE_DB_PASSWORD", ready.get("postgres.password"));
        env.put("QUIESCE_TEMPORAL_TARGET", ready.get("temporal.target"));
        env.put("QUIESCE_TEMPORAL_NAMESPACE", "default");
        env.put("MP_JWT_VERIFY_ISSUER", ready.get("jwt.issuer"));
        env.put("MP_JWT_VERIFY_AUDIENCES", ready.get("jwt.audience"));
        String key = "file:" + ready.get("jwt.public-key");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", key);
        // The packaged server's jvm.options names the build's key and OTLP receiver; a later -D on the command line
        // wins.
        env.put(
                "JVM_ARGS",
                "-Dmp.jwt.verify.publickey.location=" + key + " -Dotel.exporter.otlp.endpoint="
                        + ready.get("otlp.endpoint"));
        return env;
    }

    private String createSchedule(Fleet fleet, String token, String runId) throws IOException {
        String body = "{\"type\":\"report\",\"cron\":\"" + config.cron()
                + "\",\"input\":{\"steps\":1,\"stepMillis\":0}," + "\"misfirePolicy\":\"fire-once\"}";
        HttpResponse response = control(
                fleet, token, "POST", "/api/schedules", Map.of("Idempotency-Key", "rehearsal-schedule-" + runId), body);
        if (response.status() != 201) {
            throw new IllegalStateException(
                    "POST /api/schedules answered " + response.status() + ": " + response.bodyText());
        }
        Matcher id = ID.matcher(response.bodyText());
        if (!id.find()) {
            throw new IllegalStateException("POST /api/schedules answered without an id: " + response.bodyText());
        }
        log.info("rehearsal.schedule_created", fields("id", id.group(1), "cron", config.cron()));
        return id.group(1);
    }

    private void pauseSchedule(Fleet fleet, String token, String id) throws IOException {
        HttpResponse response = control(fleet, token, "POST", "/api/schedules/" + id + "/pause", Map.of(), "{}");
        if (response.status() != 200) {
            throw new IllegalStateException(
                    "pausing the schedule answered " + response.status() + ": " + response.bodyText());
        }
    }

    /** The rehearsal's own calls go to a serving pod directly, so that they are not counted with the load. */
    private static HttpResponse control(
            Fleet fleet, String token, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        Pod pod = fleet.pods().stream()
                .filter(Pod::inBalancer)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no serving pod for " + method + " " + path));
        try (HttpConnection connection =
                HttpConnection.open("127.0.0.1", pod.server().httpPort(), Duration.ofSeconds(30))) {
            connection.withHeader("Authorization", "Bearer " + token);
            return connection.send(method, path, headers, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Why watchers cannot follow this upgrade, if they cannot: a release whose OpenAPI document has no event stream
     * writes no events for the instances its pods create or advance, so every watcher would report them missing.
     */
    private static Optional<String> noEventStream(Fleet fleet, String token, Release release) throws IOException {
        HttpResponse openApi = control(fleet, token, "GET", "/openapi", Map.of(), "");
        if (openApi.status() != 200) {
            throw new IllegalStateException("the OpenAPI document of " + release.version() + " answered "
                    + openApi.status() + ": " + openApi.bodyText());
        }
        return openApi.bodyText().contains(EVENTS_PATH)
                ? Optional.empty()
                : Optional.of(release.version() + " serves no " + EVENTS_PATH + " (its OpenAPI document lists none)");
    }

    /**
     * Why the load cannot ask for callbacks in this upgrade, if it cannot: a release whose start request has no
     * {@code callback} refuses every start that asks for one. Probed with a callback no server accepts, so that
     * neither release writes anything.
     */
    private static Optional<String> noCallbacks(Fleet fleet, String token, Release release) throws IOException {
        HttpResponse probe = control(
                fleet,
                token,
                "POST",
                "/api/instances",
                Map.of(),
                "{\"type\":\"report\",\"input\":{},\"callback\":{\"url\":\"ftp://quiesce.invalid/\"}}");
        if (probe.status() == 202 || probe.status() == 200) {
            throw new IllegalStateException(release.version() + " accepted a start with an ftp callback");
        }
        return probe.bodyText().contains("callback is not a property")
                ? Optional.of(release.version() + " takes no callback on a start (it answered: callback is not a"
                        + " property of a start request)")
                : Optional.empty();
    }

    /** The pods still running at the end are stopped gracefully; the report counts only the rollout's deletions. */
    private void stopRemaining(List<Pod> pods) throws InterruptedException {
        for (Pod pod : pods) {
            if (!pod.deleted()) {
                pod.retire();
                pod.server().sigterm();
            }
        }
        for (Pod pod : pods) {
            if (!pod.deleted() && pod.server().awaitExit(config.gracePeriod()).isEmpty()) {
                log.warn("rehearsal.pod_not_stopped", fields("pod", pod.name()));
            }
        }
    }

    private int balancerPort() throws IOException {
        if (config.balancerPort() != 0) {
            return config.balancerPort();
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
