package io.quiesce.bench;

import io.quiesce.devservices.TokenMinter;
import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.SteadyLoad;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Quiesce against plain Liberty with the same features, in one run: start to first ready, and SIGTERM to exit with one
 * long request in flight under a steady keep-alive load. Prints numbers, asserts nothing.
 *
 * <p>Arguments: wlpHome serverXml plainClassesDir outputDir runs delay inFlightSeconds jwtPrivateKeyPem.
 */
public final class ShutdownBenchmark {

    private static final Logger OUT = Logger.getLogger("bench");
    private static final Duration MARGIN_TARGET = Duration.ofMillis(2500);

    /** One start-to-exit cycle of one server. */
    record Run(String variant, Duration startToReady, Duration sigtermToExit, Duration longestInFlight, int exitCode,
               long requests, long failed, int longStatus) {
    }

    private ShutdownBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path wlp = Path.of(args[0]);
        Path serverXml = Path.of(args[1]);
        Path plainClasses = Path.of(args[2]);
        Path output = Path.of(args[3]);
        int runs = Integer.parseInt(args[4]);
        String delay = args[5];
        int inFlightSeconds = Integer.parseInt(args[6]);
        String token = TokenMinter.fromPrivateKeyPem(Path.of(args[7]))
                .mint("bench", Set.of("viewer"), Duration.ofHours(2));
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);

        createPlainServer(wlp, serverXml, plainClasses);
        List<Run> results = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            results.add(cycle("quiesce", wlp, output.resolve("quiesce-" + i), Map.of("QUIESCE_SHUTDOWN_DELAY", delay), auth,
                    inFlightSeconds));
            // The baseline application has no security: it gets no token.
            results.add(cycle("plain", wlp, output.resolve("plain-" + i), Map.of(), Map.of(), inFlightSeconds));
        }
        report(results, delay, inFlightSeconds);
    }

    private static Run cycle(String variant, Path wlp, Path output, Map<String, String> env, Map<String, String> headers,
                             int inFlightSeconds) throws Exception {
        try (LibertyServer server = LibertyServer.start(wlp, variant, output, env)) {
            int port = server.httpPort();
            Http.awaitStatus(port, "/health/ready", 200, Duration.ofSeconds(300));
            Duration startToReady = server.sinceStart();

            SteadyLoad load = new SteadyLoad(port, 4, Duration.ofMillis(40), List.of(
                    SteadyLoad.Request.get("/api/demo/sleep?seconds=0"),
                    SteadyLoad.Request.postJson("/api/demo/echo", "{\"ping\":true}")), headers);
            Poll.require("load", Duration.ofSeconds(30), Duration.ofMillis(20), () -> Optional.of(load.completed()).filter(n -> n > 40));
            HttpConnection longConnection = HttpConnection.open("127.0.0.1", port, Duration.ofSeconds(120));
            headers.forEach(longConnection::withHeader);
            long longSent = System.nanoTime();
            CompletableFuture<Integer> longRequest = CompletableFuture.supplyAsync(() -> {
                try {
                    return longConnection.get("/api/demo/sleep?seconds=" + inFlightSeconds).status();
                } catch (IOException e) {
                    return -1;
                }
            });
            int before = load.completed();
            Poll.require("long request in flight", Duration.ofSeconds(30), Duration.ofMillis(20),
                    () -> Optional.of(load.completed()).filter(n -> n > before + 40));

            long sigterm = System.nanoTime();
            Duration longestInFlight = Duration.ofSeconds(inFlightSeconds).minusNanos(sigterm - longSent);
            server.sigterm();
            int longStatus = longRequest.get(120, TimeUnit.SECONDS);
            List<SteadyLoad.Outcome> outcomes = load.stop();
            int exitCode = server.awaitExit(Duration.ofSeconds(120)).orElse(-1);
            Duration sigtermToExit = Duration.ofNanos(System.nanoTime() - sigterm);
            long failed = outcomes.stream().filter(SteadyLoad.Outcome::failed).count();
            Run run = new Run(variant, startToReady, sigtermToExit, longestInFlight, exitCode, outcomes.size(), failed, longStatus);
            OUT.info(() -> String.format("%-8s start->ready %6d ms | SIGTERM->exit %6d ms (in flight %d ms) exit %3d | "
                            + "requests %4d failed %4d | long request %d", variant, startToReady.toMillis(),
                    sigtermToExit.toMillis(), longestInFlight.toMillis(), exitCode, outcomes.size(), failed, longStatus));
            return run;
        }
    }

    private static void report(List<Run> results, String delay, int inFlightSeconds) {
        OUT.info("");
        OUT.info(String.format("median of %d runs, delay %s, %d s request in flight at SIGTERM:",
                results.size() / 2, delay, inFlightSeconds));
        for (String variant : List.of("quiesce", "plain")) {
            List<Run> runs = results.stream().filter(r -> r.variant().equals(variant)).toList();
            OUT.info(String.format("%-8s start->ready %6d ms | SIGTERM->exit %6d ms | exit codes %s | failed requests %s",
                    variant, median(runs.stream().map(Run::startToReady)).toMillis(),
                    median(runs.stream().map(Run::sigtermToExit)).toMillis(),
                    runs.stream().map(Run::exitCode).toList(), runs.stream().map(Run::failed).toList()));
        }
        Duration quiesceReady = median(results.stream().filter(r -> r.variant().equals("quiesce")).map(Run::startToReady));
        Duration plainReady = median(results.stream().filter(r -> r.variant().equals("plain")).map(Run::startToReady));
        Duration bound = results.stream().filter(r -> r.variant().equals("quiesce"))
                .map(r -> parseDelay(delay).plus(r.longestInFlight()).plus(MARGIN_TARGET)).max(Duration::compareTo).orElseThrow();
        OUT.info(String.format("start->ready ratio quiesce/plain: %.2f (target <= 1.30)",
                (double) quiesceReady.toMillis() / plainReady.toMillis()));
        OUT.info(String.format("SIGTERM->exit target: <= delay + longest in flight + 2.5 s = %d ms", bound.toMillis()));
    }

    private static Duration parseDelay(String delay) {
        return Duration.ofMillis(delay.endsWith("ms") ? Long.parseLong(delay.replace("ms", ""))
                : Long.parseLong(delay.replace("s", "")) * 1000);
    }

    private static Duration median(Stream<Duration> durations) {
        List<Duration> sorted = durations.sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** A server named "plain" next to "quiesce": the same server.xml (so the same features), the baseline application. */
    private static void createPlainServer(Path wlp, Path serverXml, Path plainClasses) throws IOException {
        Path server = wlp.resolve("usr/servers/plain");
        Files.createDirectories(server.resolve("apps"));
        Files.copy(serverXml, server.resolve("server.xml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(server.resolve("app.xml"), """
                <server>
                  <webApplication id="plain" location="plain.war" contextRoot="/"/>
                </server>
                """);
        Path classes = plainClasses.resolve("io/quiesce/bench/plain");
        try (OutputStream file = Files.newOutputStream(server.resolve("apps/plain.war"));
             ZipOutputStream war = new ZipOutputStream(file);
             Stream<Path> entries = Files.list(classes)) {
            for (Path entry : entries.toList()) {
                war.putNextEntry(new ZipEntry("WEB-INF/classes/" + plainClasses.relativize(entry).toString().replace('\\', '/')));
                Files.copy(entry, war);
                war.closeEntry();
            }
        }
    }
}
