package io.quiesce.bench;

import io.quiesce.devservices.config.DevServicesConfig;
import io.quiesce.testkit.Hold;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Stall;
import io.quiesce.testkit.Stall.Timed;
import io.quiesce.testkit.StallLoad;
import io.quiesce.testkit.Stats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A dependency that hangs (a relay in front of it stops relaying; connections stay open, as with SIGSTOP or a partition)
 * under the stall ITs' open-loop load ({@link StallLoad}): what the kubelet's probes and the clients see while it lasts.
 */
final class StallBenchmark {

    private static final Logger OUT = Logger.getLogger("bench");
    /** The goal of issue 23: no probe slower than this while a dependency hangs, half the overlays' probe timeout. */
    static final Duration PROBE_GOAL = Duration.ofSeconds(1);

    static final Duration BEFORE = Duration.ofSeconds(10);

    record Run(String dependency, StallLoad load) {}

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
            StallLoad load = new StallLoad(server.httpPort(), quiesce.headers(), START);
            Hold.forDuration(BEFORE);
            stall.hang(length, load.callers());
            server.sigterm();
            server.awaitExit(Duration.ofSeconds(60));
            Run r = new Run(dependency.label(), load);
            report(r);
            return r;
        }
    }

    private static final String START = "{\"type\":\"report\",\"input\":{\"steps\":2,\"stepMillis\":200}}";

    private static int port(Stall.Dependency dependency) {
        return switch (dependency) {
            case POSTGRESQL -> DevServicesConfig.DEFAULT_POSTGRES_PORT;
            case TEMPORAL -> DevServicesConfig.DEFAULT_TEMPORAL_PORT;
        };
    }

    private void report(Run r) {
        OUT.info(String.format(
                "stall of %s for %d s (open loop: %d reads/s, %d starts/s, %d non-DB requests/s; probes every %d ms,"
                        + " timeout %d ms; calls sent during the stall):",
                r.dependency(),
                length.toSeconds(),
                StallLoad.READS_PER_SECOND,
                StallLoad.STARTS_PER_SECOND,
                StallLoad.OTHERS_PER_SECOND,
                StallLoad.PROBE_PERIOD.toMillis(),
                Stall.PROBE_TIMEOUT.toMillis()));
        for (String probe : List.of("ready", "live")) {
            List<Timed> mine = r.load().probes().stream()
                    .filter(p -> p.what().equals(probe))
                    .toList();
            List<Long> millis = mine.stream().map(Timed::millis).toList();
            OUT.info(String.format(
                    "  /health/%-5s %3d probes p50 %6.1f p99 %6.1f max %6.1f ms, %d over %d ms, %d failed",
                    probe,
                    mine.size(),
                    Stats.median(millis),
                    Stats.percentile(millis, 99),
                    Stats.max(millis),
                    mine.stream()
                            .filter(p -> p.millis() > PROBE_GOAL.toMillis())
                            .count(),
                    PROBE_GOAL.toMillis(),
                    Stall.outside(mine, Stall.PROBE_TIMEOUT, 200).size()));
        }
        Map<String, List<Timed>> byKind = new TreeMap<>(Map.of(
                "GET /api/instances?limit=1", r.load().reads(),
                "POST /api/instances", r.load().starts(),
                "GET /api/demo/sleep?seconds=0", r.load().others()));
        byKind.forEach((request, calls) -> {
            List<Long> millis = calls.stream().map(Timed::millis).toList();
            Map<Integer, Long> statuses =
                    calls.stream().collect(Collectors.groupingBy(Timed::status, TreeMap::new, Collectors.counting()));
            OUT.info(String.format(
                    "  %-34s %3d requests p50 %7.1f p99 %7.1f max %7.1f ms, statuses %s, %d 503 without Retry-After",
                    request,
                    calls.size(),
                    Stats.median(millis),
                    Stats.percentile(millis, 99),
                    Stats.max(millis),
                    statuses,
                    StallLoad.unhelpful503s(calls).size()));
        });
    }
}
