package io.quiesce.bench;

import io.quiesce.testkit.Hold;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Prober;
import io.quiesce.testkit.Prober.Probe;
import io.quiesce.testkit.Stats;
import io.quiesce.testkit.SteadyLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * What a rolling update's surge pod does to the pods that serve: two servers take a steady keep-alive load and a
 * kubelet-like readiness probe every second while a third starts on the same cores.
 */
final class NeighbourStartBenchmark {

    private static final Logger OUT = Logger.getLogger("bench");
    static final Duration PROBE_PERIOD = Duration.ofSeconds(1);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** Load and probes before the third server starts and after it is ready. */
    static final Duration SETTLE = Duration.ofSeconds(10);

    record Run(
            String variant,
            int run,
            Duration neighbourStartToReady,
            List<Probe> probes,
            List<SteadyLoad.Outcome> load) {}

    private final Servers servers;
    private final Path output;
    private final JvmOptions jvm;

    NeighbourStartBenchmark(Servers servers, Path output, JvmOptions jvm) {
        this.servers = servers;
        this.output = output;
        this.jvm = jvm;
    }

    Run run(Variant variant, int run) throws Exception {
        Path dir = output.resolve("neighbour-" + variant.name() + "-" + run);
        try (LibertyServer a = servers.launch(variant, "a", jvm, dir.resolve("a"), Map.of());
                LibertyServer b = servers.launch(variant, "b", jvm, dir.resolve("b"), Map.of())) {
            Servers.awaitReady(a);
            Servers.awaitReady(b);
            List<SteadyLoad> loads = new ArrayList<>();
            for (LibertyServer server : List.of(a, b)) {
                loads.add(load(server, variant));
                if (!variant.workflowRequests().isEmpty()) {
                    loads.add(new SteadyLoad(
                            server.httpPort(),
                            1,
                            Duration.ofSeconds(1),
                            variant.workflowRequests(),
                            variant.headers()));
                }
            }
            Queue<Probe> probes = new ConcurrentLinkedQueue<>();
            AtomicBoolean probing = new AtomicBoolean(true);
            List<Thread> probers =
                    List.of(prober("a", a.httpPort(), probes, probing), prober("b", b.httpPort(), probes, probing));
            settle();

            long neighbourStart = System.nanoTime();
            Duration neighbourReady;
            try (LibertyServer c = servers.launch(variant, "c", jvm, dir.resolve("c"), Map.of())) {
                neighbourReady = Servers.awaitReady(c).startToReady();
                settle();
                c.sigterm();
                c.awaitExit(Duration.ofSeconds(60));
            }
            long windowEnd = System.nanoTime();
            probing.set(false);
            for (Thread prober : probers) {
                prober.join(5000);
            }
            List<SteadyLoad.Outcome> outcomes = new ArrayList<>();
            for (SteadyLoad load : loads) {
                outcomes.addAll(load.stop());
            }
            a.sigterm();
            b.sigterm();
            a.awaitExit(Duration.ofSeconds(60));
            b.awaitExit(Duration.ofSeconds(60));
            Run r = new Run(
                    variant.name(),
                    run,
                    neighbourReady,
                    probes.stream()
                            .filter(p -> p.sentNanos() >= neighbourStart && p.sentNanos() < windowEnd)
                            .toList(),
                    outcomes.stream()
                            .filter(o -> o.sentNanos() >= neighbourStart && o.sentNanos() < windowEnd)
                            .toList());
            OUT.info(() -> line(r.variant() + " #" + r.run(), r.neighbourStartToReady(), r.probes(), r.load()));
            return r;
        }
    }

    void report(List<Run> runs) {
        OUT.info("");
        OUT.info(String.format(
                "neighbour start (%s JVM options; probes every %d ms, timeout %d ms; 2 x ~25 req/s keep-alive;"
                        + " window = third server's start + %d s):",
                jvm.name(), PROBE_PERIOD.toMillis(), PROBE_TIMEOUT.toMillis(), SETTLE.toSeconds()));
        for (String variant : List.of("quiesce", "plain")) {
            List<Run> mine =
                    runs.stream().filter(r -> r.variant().equals(variant)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            OUT.info(line(
                    variant + " all",
                    Duration.ofMillis((long) Stats.median(mine.stream()
                            .map(r -> r.neighbourStartToReady().toMillis())
                            .toList())),
                    mine.stream().flatMap(r -> r.probes().stream()).toList(),
                    mine.stream().flatMap(r -> r.load().stream()).toList()));
        }
    }

    private static String line(
            String label, Duration neighbourReady, List<Probe> probes, List<SteadyLoad.Outcome> load) {
        List<Double> latencies =
                probes.stream().filter(p -> !p.failed()).map(Probe::millis).toList();
        List<Double> loadMillis = load.stream()
                .filter(o -> !o.failed())
                .map(o -> (o.doneNanos() - o.sentNanos()) / 1e6)
                .toList();
        return String.format(
                "%-12s neighbour ready %6d ms | readiness p50 %5.0f p99 %5.0f max %5.0f ms, %d of %d over %d ms or"
                        + " failed | load %5d requests, %d failed, p99 %5.0f ms, max %5.0f ms",
                label,
                neighbourReady.toMillis(),
                Stats.median(latencies),
                Stats.percentile(latencies, 99),
                Stats.max(probes.stream().map(Probe::millis).toList()),
                probes.stream().filter(Probe::failed).count(),
                probes.size(),
                PROBE_TIMEOUT.toMillis(),
                load.size(),
                load.stream().filter(SteadyLoad.Outcome::failed).count(),
                Stats.percentile(loadMillis, 99),
                Stats.max(loadMillis));
    }

    private static SteadyLoad load(LibertyServer server, Variant variant) {
        SteadyLoad load = new SteadyLoad(
                server.httpPort(), 4, Duration.ofMillis(160), StartStopBenchmark.demoRequests(), variant.headers());
        Poll.require(
                "load",
                Duration.ofSeconds(30),
                Duration.ofMillis(20),
                () -> Optional.of(load.completed()).filter(n -> n > 20));
        return load;
    }

    private static Thread prober(String name, int port, Queue<Probe> probes, AtomicBoolean probing) {
        return Prober.start(name, port, "/health/ready", PROBE_PERIOD, PROBE_TIMEOUT, probes, probing);
    }

    private static void settle() {
        Hold.forDuration(SETTLE);
    }
}
