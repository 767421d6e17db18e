package io.quiesce.bench;

import io.quiesce.testkit.Hold;
import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.ProcessStats;
import io.quiesce.testkit.Stats;
import io.quiesce.testkit.SteadyLoad;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * One life of a server, measured: start to first ready (wall time, CPU-seconds, RSS, threads), RSS after a steady load,
 * then SIGTERM with one long request in flight under that load (time to exit, exit code, failed requests). Quiesce's load
 * also starts workflow instances, so its memory after the load includes running workflows.
 */
final class StartStopBenchmark {

    private static final Logger OUT = Logger.getLogger("bench");
    private static final Duration MARGIN_TARGET = Duration.ofMillis(2500);

    record Run(
            String variant,
            String jvm,
            Duration startToReady,
            ProcessStats atReady,
            ProcessStats afterLoad,
            long loadRequests,
            Duration sigtermToExit,
            Duration longestInFlight,
            int exitCode,
            long requests,
            long failed,
            int longStatus) {}

    private final Servers servers;
    private final Path output;
    private final Duration delay;
    private final int inFlightSeconds;
    private final Duration loadDuration;

    StartStopBenchmark(Servers servers, Path output, Duration delay, int inFlightSeconds, Duration loadDuration) {
        this.servers = servers;
        this.output = output;
        this.delay = delay;
        this.inFlightSeconds = inFlightSeconds;
        this.loadDuration = loadDuration;
    }

    void warmUp(Variant variant, JvmOptions jvm) throws Exception {
        try (LibertyServer server =
                servers.launch(variant, "solo", jvm, output.resolve(variant.name() + "-warm-up"), Map.of())) {
            Servers.awaitReady(server);
            server.sigterm();
            server.awaitExit(Duration.ofSeconds(60));
        }
    }

    Run cycle(Variant variant, JvmOptions jvm, int run) throws Exception {
        Path dir = output.resolve(variant.name() + "-" + jvm.name() + "-" + run);
        try (LibertyServer server =
                servers.launch(variant, "solo", jvm, dir, Map.of("QUIESCE_SHUTDOWN_DELAY", delay.toMillis() + "ms"))) {
            Servers.Start start = Servers.awaitReady(server);
            int port = server.httpPort();

            // The bench load, long enough for the heap to settle: ~50 short requests per second over keep-alive, and
            // for
            // Quiesce one workflow instance a second (its steps run meanwhile).
            SteadyLoad load = new SteadyLoad(port, 4, Duration.ofMillis(80), demoRequests(), variant.headers());
            SteadyLoad workflows = variant.workflowRequests().isEmpty()
                    ? null
                    : new SteadyLoad(port, 1, Duration.ofSeconds(1), variant.workflowRequests(), variant.headers());
            Poll.require(
                    "load",
                    Duration.ofSeconds(30),
                    Duration.ofMillis(20),
                    () -> Optional.of(load.completed()).filter(n -> n > 40));
            Hold.forDuration(loadDuration);
            ProcessStats afterLoad = ProcessStats.of(server.pid()).orElseThrow();
            int loadRequests = load.completed();

            HttpConnection longConnection = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(120));
            variant.headers().forEach(longConnection::withHeader);
            long longSent = System.nanoTime();
            CompletableFuture<Integer> longRequest = CompletableFuture.supplyAsync(() -> {
                try {
                    return longConnection
                            .get("/api/demo/sleep?seconds=" + inFlightSeconds)
                            .status();
                } catch (IOException e) {
                    return -1;
                }
            });
            int before = load.completed();
            Poll.require(
                    "long request in flight",
                    Duration.ofSeconds(30),
                    Duration.ofMillis(20),
                    () -> Optional.of(load.completed()).filter(n -> n > before + 40));

            long sigterm = System.nanoTime();
            Duration longestInFlight = Duration.ofSeconds(inFlightSeconds).minusNanos(sigterm - longSent);
            server.sigterm();
            int longStatus = longRequest.get(120, TimeUnit.SECONDS);
            List<SteadyLoad.Outcome> outcomes = new ArrayList<>(load.stop());
            if (workflows != null) {
                outcomes.addAll(workflows.stop());
            }
            int exitCode = server.awaitExit(Duration.ofSeconds(120)).orElse(-1);
            Duration sigtermToExit = Duration.ofNanos(System.nanoTime() - sigterm);
            long failed = outcomes.stream().filter(SteadyLoad.Outcome::failed).count();
            Run r = new Run(
                    variant.name(),
                    jvm.name(),
                    start.startToReady(),
                    start.atReady(),
                    afterLoad,
                    loadRequests,
                    sigtermToExit,
                    longestInFlight,
                    exitCode,
                    outcomes.size(),
                    failed,
                    longStatus);
            OUT.info(() -> String.format(
                    "%-8s %-8s ready %6d ms %5.1f CPU-s %4d MB %3d threads | after load %4d MB"
                            + " | SIGTERM->exit %6d ms exit %3d | %5d requests %4d failed | long request %d",
                    r.variant(),
                    r.jvm(),
                    r.startToReady().toMillis(),
                    r.atReady().cpuSeconds(),
                    r.atReady().rssMegabytes(),
                    r.atReady().threads(),
                    r.afterLoad().rssMegabytes(),
                    r.sigtermToExit().toMillis(),
                    r.exitCode(),
                    r.requests(),
                    r.failed(),
                    r.longStatus()));
            return r;
        }
    }

    static List<SteadyLoad.Request> demoRequests() {
        return List.of(
                SteadyLoad.Request.get("/api/demo/sleep?seconds=0"),
                SteadyLoad.Request.postJson("/api/demo/echo", "{\"ping\":true}"));
    }

    void report(List<Run> results, int runCount) {
        OUT.info("");
        OUT.info(String.format(
                "start and stop, median of %d runs each (delay %d ms, %d s request in flight at SIGTERM,"
                        + " %d s of load before it):",
                runCount, delay.toMillis(), inFlightSeconds, loadDuration.toSeconds()));
        OUT.info(
                "variant  jvm      | start->ready | CPU-s to ready | RSS at ready | RSS after load | threads | SIGTERM->exit | exit codes | failed");
        for (String jvm : results.stream().map(Run::jvm).distinct().toList()) {
            for (String variant : List.of("quiesce", "plain")) {
                List<Run> runs = results.stream()
                        .filter(r -> r.jvm().equals(jvm) && r.variant().equals(variant))
                        .toList();
                if (runs.isEmpty()) {
                    continue;
                }
                OUT.info(String.format(
                        "%-8s %-8s | %9.0f ms | %14.1f | %9.0f MB | %11.0f MB | %7.0f | %10.0f ms | %10s | %s",
                        variant,
                        jvm,
                        median(runs, r -> r.startToReady().toMillis()),
                        median(runs, r -> r.atReady().cpuSeconds()),
                        median(runs, r -> r.atReady().rssMegabytes()),
                        median(runs, r -> r.afterLoad().rssMegabytes()),
                        median(runs, r -> r.atReady().threads()),
                        median(runs, r -> r.sigtermToExit().toMillis()),
                        runs.stream().map(Run::exitCode).toList(),
                        runs.stream().map(Run::failed).toList()));
            }
            ratio(results, jvm, "start->ready", r -> r.startToReady().toMillis());
            ratio(results, jvm, "CPU-s to ready", r -> r.atReady().cpuSeconds());
            ratio(results, jvm, "RSS at ready", r -> r.atReady().rssMegabytes());
        }
        Duration bound =
                Duration.ofMillis(delay.toMillis()).plusSeconds(inFlightSeconds).plus(MARGIN_TARGET);
        OUT.info(String.format("SIGTERM->exit target: <= delay + longest in flight + 2.5 s = %d ms", bound.toMillis()));
    }

    private static void ratio(List<Run> results, String jvm, String what, Function<Run, Number> metric) {
        List<Run> quiesce = results.stream()
                .filter(r -> r.jvm().equals(jvm) && r.variant().equals("quiesce"))
                .toList();
        List<Run> plain = results.stream()
                .filter(r -> r.jvm().equals(jvm) && r.variant().equals("plain"))
                .toList();
        if (!quiesce.isEmpty() && !plain.isEmpty()) {
            OUT.info(String.format(
                    "  %s ratio quiesce/plain (%s): %.2f (target <= 1.30)",
                    what, jvm, median(quiesce, metric) / median(plain, metric)));
        }
    }

    private static double median(List<Run> runs, Function<Run, Number> metric) {
        List<Number> values = new ArrayList<>();
        runs.forEach(r -> values.add(metric.apply(r)));
        return Stats.median(values);
    }
}
