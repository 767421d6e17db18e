package io.quiesce.rehearsal.config;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.quiesce.kubernetes.app.AppShutdownBudget;
import io.quiesce.kubernetes.app.ConfigDefaults;
import io.quiesce.kubernetes.kustomize.KubectlKustomize;
import io.quiesce.kubernetes.manifest.Manifests;
import io.quiesce.kubernetes.pod.PodView;
import io.quiesce.kubernetes.pod.PodViews;
import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.ConfigReader;
import io.quiesce.lifecycle.config.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one rehearsal does: the overlay's pod (replicas, rolling-update strategy, grace period, preStop sleep, probes,
 * environment) read with real kustomize, and the rehearsal's own knobs; every number can be overridden as
 * {@code -Dquiesce.rehearsal.<name>=...}.
 */
public record RehearsalConfig(
        Path root,
        Path wlp,
        Path output,
        String overlay,
        String podSource,
        int replicas,
        int maxSurge,
        int maxUnavailable,
        int replacements,
        Duration gracePeriod,
        Duration preStopSleep,
        Optional<ProbeSpec> startup,
        Optional<ProbeSpec> readiness,
        Optional<ProbeSpec> liveness,
        Map<String, String> environment,
        AppShutdownBudget appBudget,
        int rate,
        RequestMix mix,
        Duration longRequest,
        int workflowSteps,
        Duration workflowStep,
        int scheduleEverySeconds,
        Duration endpointAddDelay,
        Duration endpointRemoveDelayMin,
        Duration endpointRemoveDelayMax,
        Duration warmup,
        Duration cooldown,
        int maxConnections,
        Duration requestTimeout,
        Duration settleTimeout,
        Duration rolloutTimeout,
        int postgresPort,
        int temporalPort,
        int balancerPort,
        String haproxy,
        Upgrade upgrade,
        long seed,
        int callbackShare,
        Capacity capacity,
        PodResources resources) {

    /**
     * A rate given as a share of the replicas' capacity: the highest rate at which the mix's fast requests keep their
     * 99th percentile under {@code p99} with nothing failed, measured in steps of {@code step} before the rollout.
     *
     * @param percent the rehearsal's rate in per cent of the capacity; 0: {@code rate} is absolute, nothing measured
     * @param known   a capacity measured before (requests per second): no search; 0: search
     * @param warmup  how long the replicas serve a light load before the first step, so that the search measures
     *                compiled code rather than the interpreter
     */
    public record Capacity(int percent, int known, Duration step, Duration p99, Duration warmup) {

        public static final Capacity NONE = new Capacity(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

        public boolean measured() {
            return percent > 0;
        }

        /** The rate the rehearsal runs at for a capacity of {@code requestsPerSecond}. */
        public int rateFor(int requestsPerSecond) {
            return Math.max(1, (int) Math.round(requestsPerSecond * percent / 100.0));
        }
    }

    /**
     * Which releases the rehearsal runs: the overlay's replicas start from {@code from} and are replaced by this build.
     *
     * @param from            a git ref of this repository, or the directory of a packaged server ({@code .../wlp});
     *                        empty: every pod runs this build
     * @param fromVersion     the code version the previous release's pods record; empty: its version in
     *                        {@code releases.txt}, else the commit's short id (a packaged server: the one its WAR declares)
     * @param releaseCache    built releases, one directory per commit, reused by the next rehearsal
     * @param mavenRepository the local Maven repository the build of an earlier release uses (the running build's)
     * @param version         this build's code version, recorded by its pods
     */
    public record Upgrade(
            Optional<String> from,
            Optional<String> fromVersion,
            Path releaseCache,
            Optional<Path> mavenRepository,
            String version) {}

    public static final String PREFIX = "quiesce.rehearsal.";
    /** Pod environment overrides: {@code -Dquiesce.rehearsal.env.QUIESCE_SHUTDOWN_DELAY=3s}. */
    public static final String ENV_PREFIX = PREFIX + "env.";
    /** The workflow module's code version syntax: an image tag. */
    private static final Pattern CODE_VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public static RehearsalConfig fromSystemProperties() {
        Properties properties = System.getProperties();
        return from(
                key -> Optional.ofNullable(properties.getProperty(key)),
                properties.stringPropertyNames().stream()
                        .filter(key -> key.startsWith(ENV_PREFIX))
                        .toList());
    }

    public static RehearsalConfig from(Function<String, Optional<String>> source, List<String> envOverrideKeys) {
        Map<String, String> defaults = Map.ofEntries(
                Map.entry("overlay", "kubernetes/overlays/deployment"),
                Map.entry("replacements", "10"),
                Map.entry("rate", "50"),
                Map.entry("mix", "get:70,echo:15,long:5,instance:10"),
                Map.entry("long-request", "3s"),
                Map.entry("workflow-steps", "2"),
                Map.entry("workflow-step", "500ms"),
                Map.entry("schedule-every", "2s"),
                Map.entry("endpoint-add-delay", "1s"),
                Map.entry("endpoint-remove-delay-min", "500ms"),
                Map.entry("endpoint-remove-delay-max", "2s"),
                Map.entry("warmup", "5s"),
                Map.entry("cooldown", "5s"),
                Map.entry("max-connections", "64"),
                Map.entry("request-timeout", "60s"),
                Map.entry("settle-timeout", "120s"),
                Map.entry("rollout-timeout", "30m"),
                Map.entry("postgres-port", "25432"),
                Map.entry("temporal-port", "27233"),
                Map.entry("balancer-port", "0"),
                Map.entry("haproxy", "haproxy"),
                Map.entry(
                        "release-cache",
                        Path.of(System.getProperty("user.home"), ".cache", "quiesce", "releases")
                                .toString()),
                Map.entry("seed", "1"),
                Map.entry("callback-share", "20"),
                Map.entry("capacity-step", "20s"),
                Map.entry("capacity-p99", "100ms"),
                Map.entry("capacity-warmup", "30s"));
        ConfigReader config = new ConfigReader(
                key -> source.apply(key)
                        .filter(v -> !v.isBlank())
                        .or(() -> Optional.ofNullable(defaults.get(key.substring(PREFIX.length())))),
                "rehearsal");
        Path root = Path.of(config.require(PREFIX + "root")).toAbsolutePath().normalize();
        String overlay = config.require(PREFIX + "overlay");
        Path overlayDir = root.resolve(overlay).normalize();
        if (!Files.isRegularFile(overlayDir.resolve("kustomization.yaml"))) {
            throw ConfigException.invalid(PREFIX + "overlay", overlay, "a kustomization directory relative to " + root);
        }
        List<PodView> pods =
                PodViews.of(Manifests.read(KubectlKustomize.locate().build(overlayDir)));
        if (pods.size() != 1) {
            throw new ConfigException(
                    overlay + " renders " + pods.size() + " application workloads; the rehearsal needs exactly one");
        }
        PodView pod = pods.get(0);
        Map<String, String> environment = new LinkedHashMap<>(pod.environment());
        envOverrideKeys.forEach(key -> environment.put(
                key.substring(ENV_PREFIX.length()), source.apply(key).orElse("")));
        int replicas = number(config, "replicas", pod.replicas(), 1, 20);
        RollingUpdateDeployment rolling = Optional.ofNullable(pod.strategy())
                .map(s -> s.getRollingUpdate())
                .orElse(null);
        // Kubernetes' defaults (25 % each); surge rounds up, unavailable down.
        int maxSurge = number(
                config, "max-surge", scaled(rolling == null ? null : rolling.getMaxSurge(), replicas, true), 0, 20);
        int maxUnavailable = number(
                config,
                "max-unavailable",
                scaled(rolling == null ? null : rolling.getMaxUnavailable(), replicas, false),
                0,
                20);
        if (maxSurge == 0 && maxUnavailable == 0) {
            throw ConfigException.invalid(
                    PREFIX + "max-surge", "0", "at least 1 when max-unavailable is 0 (as Kubernetes)");
        }
        ConfigDefaults appDefaults = ConfigDefaults.discover(root);
        return new RehearsalConfig(
                        root,
                        Path.of(config.require(PREFIX + "wlp")).toAbsolutePath().normalize(),
                        Path.of(config.require(PREFIX + "output"))
                                .toAbsolutePath()
                                .normalize(),
                        overlay,
                        pod.source(),
                        replicas,
                        maxSurge,
                        maxUnavailable,
                        config.wholeNumber(PREFIX + "replacements", 1, 1000),
                        duration(config, "termination-grace-period", pod.terminationGracePeriod()),
                        duration(config, "prestop-sleep", pod.preStopSleep()),
                        ProbeSpec.of("startup", pod.startupProbe(), config),
                        ProbeSpec.of("readiness", pod.readinessProbe(), config),
                        ProbeSpec.of("liveness", pod.livenessProbe(), config),
                        Map.copyOf(environment),
                        AppShutdownBudget.resolve(appDefaults, environment),
                        rate(config),
                        RequestMix.parse(PREFIX + "mix", config.require(PREFIX + "mix")),
                        config.duration(PREFIX + "long-request", Duration.ZERO, Duration.ofMinutes(5)),
                        config.wholeNumber(PREFIX + "workflow-steps", 1, 20),
                        config.duration(PREFIX + "workflow-step", Duration.ZERO, Duration.ofMinutes(10)),
                        (int) config.duration(PREFIX + "schedule-every", Duration.ofSeconds(1), Duration.ofSeconds(30))
                                .toSeconds(),
                        config.duration(PREFIX + "endpoint-add-delay", Duration.ZERO, Duration.ofMinutes(1)),
                        config.duration(PREFIX + "endpoint-remove-delay-min", Duration.ZERO, Duration.ofMinutes(1)),
                        config.duration(PREFIX + "endpoint-remove-delay-max", Duration.ZERO, Duration.ofMinutes(1)),
                        config.duration(PREFIX + "warmup", Duration.ZERO, Duration.ofMinutes(10)),
                        config.duration(PREFIX + "cooldown", Duration.ZERO, Duration.ofMinutes(10)),
                        config.wholeNumber(PREFIX + "max-connections", 1, 1000),
                        config.duration(PREFIX + "request-timeout", Duration.ofSeconds(1), Duration.ofMinutes(10)),
                        config.duration(PREFIX + "settle-timeout", Duration.ZERO, Duration.ofHours(1)),
                        config.duration(PREFIX + "rollout-timeout", Duration.ofMinutes(1), Duration.ofHours(24)),
                        config.wholeNumber(PREFIX + "postgres-port", 1, 65535),
                        config.wholeNumber(PREFIX + "temporal-port", 1, 65535),
                        config.wholeNumber(PREFIX + "balancer-port", 0, 65535),
                        config.require(PREFIX + "haproxy"),
                        new Upgrade(
                                config.optional(PREFIX + "from"),
                                config.optional(PREFIX + "from-version")
                                        .map(v -> config.matching(
                                                PREFIX + "from-version",
                                                CODE_VERSION,
                                                "an image tag: 1 to 128 letters, digits, '_', '.' or '-', not starting"
                                                        + " with '.' or '-'")),
                                Path.of(config.require(PREFIX + "release-cache"))
                                        .toAbsolutePath()
                                        .normalize(),
                                config.optional(PREFIX + "maven-repository").map(Path::of),
                                config.matching(
                                        PREFIX + "version",
                                        CODE_VERSION,
                                        "this build's version (the rehearsal module's pom sets it)")),
                        seed(config),
                        config.wholeNumber(PREFIX + "callback-share", 0, 100),
                        capacity(config),
                        PodResources.of(pod.resources(), config))
                .validated();
    }

    private RehearsalConfig validated() {
        if (endpointRemoveDelayMax.compareTo(endpointRemoveDelayMin) < 0) {
            throw ConfigException.invalid(
                    PREFIX + "endpoint-remove-delay-max",
                    Durations.format(endpointRemoveDelayMax),
                    "at least endpoint-remove-delay-min (" + Durations.format(endpointRemoveDelayMin) + ")");
        }
        if (60 % scheduleEverySeconds != 0) {
            throw ConfigException.invalid(
                    PREFIX + "schedule-every",
                    scheduleEverySeconds + "s",
                    "a divisor of a minute (1s, 2s, 3s, 4s, 5s, 6s, 10s, 12s, 15s, 20s, 30s)");
        }
        if (readiness.isEmpty()) {
            throw new ConfigException(podSource + " has no HTTP readiness probe: without one Kubernetes sends traffic"
                    + " to a pod the moment it starts, which the rehearsal does not model");
        }
        return this;
    }

    /** The rate used: as given, or decided once the capacity is measured. */
    public RehearsalConfig withRate(int requestsPerSecond) {
        return new RehearsalConfig(
                root,
                wlp,
                output,
                overlay,
                podSource,
                replicas,
                maxSurge,
                maxUnavailable,
                replacements,
                gracePeriod,
                preStopSleep,
                startup,
                readiness,
                liveness,
                environment,
                appBudget,
                requestsPerSecond,
                mix,
                longRequest,
                workflowSteps,
                workflowStep,
                scheduleEverySeconds,
                endpointAddDelay,
                endpointRemoveDelayMin,
                endpointRemoveDelayMax,
                warmup,
                cooldown,
                maxConnections,
                requestTimeout,
                settleTimeout,
                rolloutTimeout,
                postgresPort,
                temporalPort,
                balancerPort,
                haproxy,
                upgrade,
                seed,
                callbackShare,
                capacity,
                resources);
    }

    private static final Pattern PERCENT = Pattern.compile("([0-9]{1,4})\\s*%");

    /** {@code 50}: requests per second; {@code 80%}: per cent of the capacity, measured first (0 until then). */
    private static int rate(ConfigReader config) {
        String raw = config.require(PREFIX + "rate").trim();
        if (PERCENT.matcher(raw).matches()) {
            return 0;
        }
        if (!raw.matches("[0-9]{1,9}")) {
            throw ConfigException.invalid(PREFIX + "rate", raw, RATES);
        }
        return config.wholeNumber(PREFIX + "rate", 1, 2000);
    }

    private static final String RATES =
            "requests per second (1 to 2000) or a share of the measured capacity (1% to 1000%)";

    private static Capacity capacity(ConfigReader config) {
        String raw = config.require(PREFIX + "rate").trim();
        Matcher percent = PERCENT.matcher(raw);
        if (!percent.matches()) {
            return Capacity.NONE;
        }
        int share = Integer.parseInt(percent.group(1));
        if (share < 1 || share > 1000) {
            throw ConfigException.invalid(PREFIX + "rate", raw, RATES);
        }
        return new Capacity(
                share,
                config.optional(PREFIX + "capacity").isPresent()
                        ? config.wholeNumber(PREFIX + "capacity", 1, 100_000)
                        : 0,
                config.duration(PREFIX + "capacity-step", Duration.ofSeconds(2), Duration.ofMinutes(10)),
                config.duration(PREFIX + "capacity-p99", Duration.ofMillis(1), Duration.ofSeconds(10)),
                config.duration(PREFIX + "capacity-warmup", Duration.ZERO, Duration.ofMinutes(10)));
    }

    /** The seed of every random draw (the endpoint removal delays), so that two runs can differ in one setting only. */
    private static long seed(ConfigReader config) {
        String raw = config.require(PREFIX + "seed").trim();
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(PREFIX + "seed", raw, "a whole number (64 bits)");
        }
    }

    private static int number(ConfigReader config, String name, int fromOverlay, int min, int max) {
        return config.optional(PREFIX + name).isPresent() ? config.wholeNumber(PREFIX + name, min, max) : fromOverlay;
    }

    private static Duration duration(ConfigReader config, String name, Duration fromOverlay) {
        return config.optional(PREFIX + name).isPresent()
                ? config.duration(PREFIX + name, Duration.ZERO, Duration.ofHours(1))
                : fromOverlay;
    }

    private static int scaled(IntOrString value, int replicas, boolean roundUp) {
        if (value == null) {
            return roundUp ? (int) Math.ceil(replicas * 0.25) : (int) Math.floor(replicas * 0.25);
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        double share = Integer.parseInt(value.getStrVal().replace("%", "").trim()) / 100.0 * replicas;
        return roundUp ? (int) Math.ceil(share) : (int) Math.floor(share);
    }

    public String cron() {
        return "0/" + scheduleEverySeconds + " * * * * ?";
    }
}
