package io.quiesce.bench;

import io.quiesce.devservices.TokenMinter;
import io.quiesce.lifecycle.config.Durations;
import io.quiesce.testkit.Stall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/** Quiesce against a plain Liberty server with the same features, in one run; prints numbers, asserts nothing. */
public final class Bench {

    private static final Logger OUT = Logger.getLogger("bench");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Path wlp = Path.of(args[0]);
        Path serverXml = Path.of(args[1]);
        Path plainClasses = Path.of(args[2]);
        Path output = Path.of(args[3]);
        int runs = Integer.parseInt(args[4]);
        Duration delay = Durations.parse("bench.delay", args[5]);
        int inFlightSeconds = Integer.parseInt(args[6]);
        String token = TokenMinter.fromPrivateKeyPem(Path.of(args[7]))
                .mint("bench", Set.of("viewer", "operator"), Duration.ofHours(4));
        JvmOptions image = JvmOptions.image(Path.of(args[8]), args[9], Integer.parseInt(args[10]));
        Duration loadDuration = Durations.parse("bench.load", args[11]);
        Set<String> suites = Set.of(args[12].split("\\s*,\\s*"));
        JvmOptions neighbourJvm = args[13].equals("defaults") ? JvmOptions.defaults() : image;

        PlainServer.create(wlp, serverXml, plainClasses);
        Servers servers = new Servers(wlp);
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        Variant quiesce = new Variant("quiesce", "quiesce", Variant.otlpEndpoint(""), bearer);
        Variant traced = new Variant("quiesce+telemetry", "quiesce", Variant.otlpEndpoint(args[16]), bearer);
        Variant plain = new Variant(PlainServer.NAME, PlainServer.NAME, Map.of(), Map.of());
        List<Variant> starts = new ArrayList<>(List.of(quiesce, plain));
        if (Boolean.parseBoolean(args[17])) {
            starts.add(1, traced);
        }
        OUT.info("image JVM options: " + image.options());

        if (suites.contains("start")) {
            StartStopBenchmark bench = new StartStopBenchmark(servers, output, delay, inFlightSeconds, loadDuration);
            List<StartStopBenchmark.Run> results = new ArrayList<>();
            List<JvmOptions> jvms = new ArrayList<>();
            for (String name : args[14].split("\\s*,\\s*")) {
                jvms.add(name.equals("defaults") ? JvmOptions.defaults() : image);
            }
            // One unmeasured start of each first: the first start after a build also reads every jar from disk.
            for (Variant variant : starts) {
                bench.warmUp(variant, jvms.get(0));
            }
            for (JvmOptions jvm : jvms) {
                for (int i = 1; i <= runs; i++) {
                    for (Variant variant : starts) {
                        results.add(bench.cycle(variant, jvm, i));
                    }
                }
            }
            bench.report(results, runs);
        }
        if (suites.contains("neighbour")) {
            NeighbourStartBenchmark bench = new NeighbourStartBenchmark(servers, output, neighbourJvm);
            List<NeighbourStartBenchmark.Run> results = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                results.add(bench.run(quiesce, i));
                results.add(bench.run(plain, i));
            }
            bench.report(results);
        }
        if (suites.contains("stall")) {
            StallBenchmark bench = new StallBenchmark(servers, output, image, Durations.parse("bench.stall", args[15]));
            for (Stall.Dependency dependency : Stall.Dependency.values()) {
                for (int i = 1; i <= runs; i++) {
                    bench.run(quiesce, dependency, i);
                }
            }
        }
        if (suites.contains("profile")) {
            new StartProfile(servers, output).profile(quiesce, image);
        }
    }
}
