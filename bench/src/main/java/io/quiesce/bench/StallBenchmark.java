package io.quiesce.bench;

import io.quiesce.devservices.config.DevServicesConfig;
import io.quiesce.testkit.Hold;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Prober;
import io.quiesce.testkit.Prober.Probe;
import io.quiesce.testkit.Stall;
import io.quiesce.testkit.Stats;
import io.quiesce.testkit.SteadyLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A dependency that hangs (a relay in front of it stops relaying; connections stay open, as with SIGSTOP or a partition)
 * under a light load: what the kubelet's probes and the clients see while it lasts.
 */
final class StallBenchmark {

    private static final Logger OUT = Logger.getLogger("bench");
    static final Duration PROBE_PERIOD = Duration.ofSeconds(1);

    static final Duration PROBE_TIMEOUT = Stall.PROBE_TIMEOUT;
    static final Duration BEFORE = Duration.ofSeconds(10);

    record Run(String dependency, List<Probe> probes, List<SteadyLoad.Outcome> load) {}

    private final Servers servers;
    private final Path output;
    private final JvmOptions jvm;
    private final Duration length;

    StallBenchmark(Servers servers, Path output, JvmOptions jvm, Duration stall) {
        this.servers = servers;
        this.output = output;
        this.jvm = jvm;
        this.length = stall;
    }

    Run run(Variant quiesce, Stall.Dependency dependency, int run) throws Exception {
        try (Stall stall = Stall.of(dependency, port(dependency));
                LibertyServer server = servers.launch(
                        quiesce,
                        "stall",
                        jvm,
                        output.resolve("stall-" + dependency.label() + "-" + run),
                        stall.serverEnvironment())) {
            Servers.awaitReady(server);
            int port = server.httpPort();
            List<SteadyLoad> loads = List.of(
                    new SteadyLoad(
                            port,
                            1,
                            Duration.ofMillis(200),
                            List.of(SteadyLoad.Request.get("/api/instances?limit=1")),
                            quiesce.headers()),
                    new SteadyLoad(
                            port,
                            1,
                            Duration.ofMillis(200),
                            List.of(SteadyLoad.Request.get("/api/demo/sleep?seconds=0")),
                            quiesce.headers()),
                    new SteadyLoad(port, 1, Duration.ofSeconds(1), quiesce.workflowRequests(), quiesce.headers()));
            Queue<Probe> probes = new ConcurrentLinkedQueue<>();
            AtomicBoolean probing = new AtomicBoolean(true);
            List<Thread> probers = List.of(
                    Prober.start("ready", port, "/health/ready", PROBE_PERIOD, PROBE_TIMEOUT, probes, probing),
                    Prober.start("live", port, "/health/live", PROBE_PERIOD, PROBE_TIMEOUT, probes, probing));
            Hold.forDuration(BEFORE);
            Stall.Window window = stall.hang(length, List.of());
            Hold.forDuration(BEFORE);
            probing.set(false);
            for (Thread prober : probers) {
                prober.join(5000);
            }
            List<SteadyLoad.Outcome> outcomes = new ArrayList<>();
            for (SteadyLoad load : loads) {
                outcomes.addAll(load.stop());
            }
            server.sigterm();
            server.awaitExit(Duration.ofSeconds(60));
            Run r = new Run(
                    dependency.label(),
                    probes.stream().filter(p -> window.contains(p.sentNanos())).toList(),
                    outcomes.stream()
                            .filter(o -> window.contains(o.sentNanos()))
                            .toList());
            report(r);
            return r;
        }
    }

    private static int port(Stall.Dependency dependency) {
        return switch (dependency) {
            case POSTGRESQL -> DevServicesConfig.DEFAULT_POSTGRES_PORT;
            case TEMPORAL -> DevServicesConfig.DEFAULT_TEMPORAL_PORT;
        };
    }

    private void report(Run r) {
        OUT.info(String.format(
                "stall of %s for %d s (probes every %d ms, timeout %d ms; one closed-loop client each for"
                        + " reads (5/s when answered at once), non-DB requests (5/s) and starts (1/s); requests sent during"
                        + " the stall):",
                r.dependency(), length.toSeconds(), PROBE_PERIOD.toMillis(), PROBE_TIMEOUT.toMillis()));
        for (String probe : List.of("ready", "live")) {
            List<Probe> mine =
                    r.probes().stream().filter(p -> p.name().equals(probe)).toList();
            List<Double> millis = mine.stream().map(Probe::millis).toList();
            OUT.info(String.format(
                    "  /health/%-5s %3d probes p50 %6.1f p99 %6.1f max %6.1f ms, %d failed or over %d ms",
                    probe,
                    mine.size(),
                    Stats.median(millis),
                    Stats.percentile(millis, 99),
                    Stats.max(millis),
                    mine.stream().filter(Probe::failed).count(),
                    PROBE_TIMEOUT.toMillis()));
        }
        Map<String, List<SteadyLoad.Outcome>> byRequest = r.load().stream()
                .collect(Collectors.groupingBy(SteadyLoad.Outcome::request, TreeMap::new, Collectors.toList()));
        byRequest.forEach((request, outcomes) -> {
            List<Double> millis = outcomes.stream()
                    .map(o -> (o.doneNanos() - o.sentNanos()) / 1e6)
                    .toList();
            Map<Integer, Long> statuses = outcomes.stream()
                    .collect(Collectors.groupingBy(SteadyLoad.Outcome::status, TreeMap::new, Collectors.counting()));
            OUT.info(String.format(
                    "  %-34s %3d requests p50 %7.1f p99 %7.1f max %7.1f ms, statuses %s",
                    request,
                    outcomes.size(),
                    Stats.median(millis),
                    Stats.percentile(millis, 99),
                    Stats.max(millis),
                    statuses));
        });
    }
}
