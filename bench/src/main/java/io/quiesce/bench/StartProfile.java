package io.quiesce.bench;

import io.quiesce.testkit.Hold;
import io.quiesce.testkit.LibertyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where one start of the Quiesce server goes: CPU per thread group, sampled from {@code /proc} so that threads that have
 * ended count too; CPU and wall time per phase; flight-recorder samples by activity; classes by origin; memory at ready.
 */
final class StartProfile {

    private static final Logger OUT = Logger.getLogger("bench");
    private static final Duration SAMPLE = Duration.ofMillis(100);

    /** Phase ends, in order: the console line that ends each phase of the start. */
    private static final Map<String, Pattern> PHASES = phases();

    /**
     * What a stack was doing: the first of these whose package appears anywhere on the stack, so that Temporal's classes
     * loaded through Liberty's class loaders count as Temporal, and a CDI scan as CDI rather than as the deploy around it.
     */
    private static final List<Map.Entry<String, String>> WORK = List.of(
            Map.entry("Flyway (schema)", "org.flywaydb."),
            Map.entry("Quartz", "org.quartz."),
            Map.entry("Temporal client and worker", "io.temporal."),
            Map.entry("Temporal client and worker", "io.grpc."),
            Map.entry("OpenAPI model", "io.openliberty.microprofile.openapi"),
            Map.entry("OpenAPI model", "io.smallrye.openapi."),
            Map.entry("JAX-RS", "org.jboss.resteasy."),
            Map.entry("JAX-RS", "io.openliberty.restfulWS"),
            Map.entry("annotation scanning", "com.ibm.ws.annocache."),
            Map.entry("annotation scanning", "com.ibm.ws.container.service.annocache."),
            Map.entry("CDI (Weld) and bean discovery", "org.jboss.weld."),
            Map.entry("CDI (Weld) and bean discovery", "com.ibm.ws.cdi."),
            Map.entry("Bean Validation", "org.hibernate.validator."),
            Map.entry("security (mpJwt)", "com.ibm.ws.security."),
            Map.entry("security (mpJwt)", "io.openliberty.security."),
            Map.entry("JDBC (data sources, driver)", "org.postgresql."),
            Map.entry("JDBC (data sources, driver)", "com.ibm.ws.rsadapter."),
            Map.entry("Quiesce kernel and participants", "io.quiesce."),
            Map.entry("WAR expansion and other deploy work", "com.ibm.ws.app.manager."),
            Map.entry("web container", "com.ibm.ws.webcontainer."),
            Map.entry("Liberty kernel and features", "com.ibm."),
            Map.entry("Liberty kernel and features", "io.openliberty."),
            Map.entry("Liberty kernel and features", "org.eclipse."),
            Map.entry("Liberty kernel and features", "org.apache.felix."));

    private final Servers servers;
    private final Path output;

    StartProfile(Servers servers, Path output) {
        this.servers = servers;
        this.output = output;
    }

    void profile(Variant variant, JvmOptions base) throws Exception {
        Path dir = output.resolve("profile").toAbsolutePath();
        Path jfr = dir.resolve("start.jfr");
        Path classes = dir.resolve("classes.log");
        Files.createDirectories(dir);
        JvmOptions jvm = new JvmOptions(
                base.name(),
                base.options() + " -XX:NativeMemoryTracking=summary"
                        + " -XX:StartFlightRecording=filename=" + jfr + ",settings=profile"
                        + " -Xlog:class+load=info:file=" + classes);
        Files.deleteIfExists(jfr);
        Map<Long, double[]> threadCpu = new ConcurrentHashMap<>();
        Map<Long, String> threadNames = new ConcurrentHashMap<>();
        Map<String, double[]> phaseEnds = new LinkedHashMap<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        try (LibertyServer server = servers.launch(variant, "profile", jvm, dir.resolve("server"), Map.of())) {
            long launched = System.nanoTime();
            Thread sampler = new Thread(
                    () -> sample(server, launched, threadCpu, threadNames, phaseEnds, sampling), "profile-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Servers.Start start = Servers.awaitReady(server);
            sampling.set(false);
            sampler.join(5000);
            String heap = jcmd(server.pid(), "GC.heap_info");
            String nmt = jcmd(server.pid(), "VM.native_memory", "summary");
            jcmd(server.pid(), "JFR.dump", "filename=" + jfr);
            jcmd(server.pid(), "GC.run");
            String live = jcmd(server.pid(), "GC.heap_info");
            server.sigterm();
            server.awaitExit(Duration.ofSeconds(60));

            OUT.info("");
            OUT.info(String.format(
                    "start profile of %s (%s JVM options: %s): ready after %d ms, %.1f CPU-s, %d MB RSS, %d threads",
                    variant.name(),
                    jvm.name(),
                    base.options(),
                    start.startToReady().toMillis(),
                    start.atReady().cpuSeconds(),
                    start.atReady().rssMegabytes(),
                    start.atReady().threads()));
            reportPhases(phaseEnds, start);
            reportThreads(threadCpu, threadNames);
            reportSamples(jfr);
            reportClasses(classes);
            reportMemory(heap, live, nmt);
        }
    }

    private static void sample(
            LibertyServer server,
            long launched,
            Map<Long, double[]> threadCpu,
            Map<Long, String> threadNames,
            Map<String, double[]> phaseEnds,
            AtomicBoolean sampling) {
        Path tasks = Path.of("/proc", Long.toString(server.pid()), "task");
        while (sampling.get()) {
            try (var dirs = Files.list(tasks)) {
                for (Path task : dirs.toList()) {
                    try {
                        long tid = Long.parseLong(task.getFileName().toString());
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] f =
                                stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                        threadNames.put(tid, name);
                        threadCpu.computeIfAbsent(tid, t -> new double[1])[0] =
                                (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    } catch (IOException | RuntimeException ended) {
                        // the thread ended between the listing and the read: its last sample stands
                    }
                }
            } catch (IOException e) {
                return;
            }
            String console;
            try {
                console = Files.exists(server.consoleLog()) ? Files.readString(server.consoleLog()) : "";
            } catch (IOException e) {
                console = "";
            }
            double cpu = threadCpu.values().stream().mapToDouble(v -> v[0]).sum();
            for (Map.Entry<String, Pattern> phase : PHASES.entrySet()) {
                if (!phaseEnds.containsKey(phase.getKey())
                        && phase.getValue().matcher(console).find()) {
                    phaseEnds.put(phase.getKey(), new double[] {(System.nanoTime() - launched) / 1e6, cpu});
                }
            }
            Hold.forDuration(SAMPLE);
        }
    }

    private static void reportPhases(Map<String, double[]> ends, Servers.Start start) {
        OUT.info("  phase (ends when the console shows it)                   wall ms   CPU-s");
        double[] previous = {0, 0};
        for (Map.Entry<String, double[]> end : ends.entrySet().stream()
                .sorted((x, y) -> Double.compare(x.getValue()[0], y.getValue()[0]))
                .toList()) {
            OUT.info(String.format(
                    "  %-55s %7.0f %7.1f",
                    end.getKey(), end.getValue()[0] - previous[0], end.getValue()[1] - previous[1]));
            previous = end.getValue();
        }
        OUT.info(String.format(
                "  %-55s %7.0f %7.1f",
                "last participant started -> /health/ready 200",
                start.startToReady().toMillis() - previous[0],
                start.atReady().cpuSeconds() - previous[1]));
    }

    private static void reportThreads(Map<Long, double[]> cpu, Map<Long, String> names) {
        Map<String, Double> groups = new TreeMap<>();
        cpu.forEach((tid, v) -> groups.merge(group(names.get(tid)), v[0], Double::sum));
        OUT.info("  CPU-s by thread group (threads that ended included):");
        groups.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 0.05)
                .forEach(e -> OUT.info(String.format("    %6.2f  %s", e.getValue(), e.getKey())));
    }

    private static String group(String thread) {
        if (thread == null) {
            return "?";
        }
        if (thread.startsWith("C2 Compiler")) {
            return "JIT: C2 compiler";
        }
        if (thread.startsWith("C1 Compiler")) {
            return "JIT: C1 compiler";
        }
        if (thread.startsWith("GC ") || thread.startsWith("G1 ") || thread.startsWith("VM Thread")) {
            return "GC and VM operations";
        }
        if (thread.startsWith("quiesce-db")) {
            return "participant start: schema check / migration";
        }
        if (thread.startsWith("quiesce-jobs")
                || thread.startsWith("quiesce_Quartz")
                || thread.contains("QuartzScheduler")) {
            return "participant start: Quartz node";
        }
        if (thread.startsWith("quiesce-workf")
                || thread.startsWith("grpc-")
                || thread.contains("Poller")
                || thread.startsWith("worker-heart")
                || thread.startsWith("LocalActivity")) {
            return "participant start: Temporal client and worker";
        }
        if (thread.startsWith("Default Execut")
                || thread.startsWith("Equinox")
                || thread.startsWith("Start Level")
                || thread.startsWith("java")
                || thread.startsWith("Config-Thread")
                || thread.startsWith("SCR ")
                || thread.startsWith("Framework Ev")
                || thread.startsWith("ClassloaderMap")) {
            return "Liberty start threads (kernel, features, application deploy)";
        }
        return "other: " + thread.replaceAll("[-0-9 #]+$", "");
    }

    /** The start threads' CPU samples by what they were doing (the application deploy runs on Default Executor threads). */
    private static void reportSamples(Path jfr) throws IOException {
        Map<String, Integer> work = new TreeMap<>();
        int total = 0;
        long allocated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ObjectAllocationSample")) {
                allocated += e.getLong("weight");
            } else if (type.equals("jdk.ExecutionSample")) {
                RecordedThread thread = e.getThread("sampledThread");
                RecordedStackTrace stack = e.getStackTrace();
                if (stack != null && thread != null && thread.getJavaName() != null) {
                    work.merge(classify(stack.getFrames()), 1, Integer::sum);
                    total++;
                }
            }
        }
        OUT.info(String.format("  Java CPU samples of all threads by what they were doing (%d samples):", total));
        int all = total;
        work.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> OUT.info(String.format("    %5.1f %%  %s", 100.0 * e.getValue() / all, e.getKey())));
        OUT.info(String.format(
                "  heap allocated during the start (sampled estimate): %d MB", allocated / (1024 * 1024)));
    }

    static String classify(List<RecordedFrame> frames) {
        for (Map.Entry<String, String> w : WORK) {
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getType().getName().startsWith(w.getValue())) {
                    return w.getKey();
                }
            }
        }
        return "other (JDK, logging, unclassified)";
    }

    private static void reportClasses(Path log) throws IOException {
        Map<String, Integer> origins = new TreeMap<>();
        Pattern source = Pattern.compile(" source: (.+)$");
        for (String line : Files.readAllLines(log)) {
            Matcher m = source.matcher(line);
            origins.merge(m.find() ? origin(m.group(1)) : "unknown", 1, Integer::sum);
        }
        OUT.info("  classes loaded by origin:");
        origins.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> OUT.info(String.format("    %6d  %s", e.getValue(), e.getKey())));
    }

    private static String origin(String source) {
        if (source.equals("shared objects file")) {
            return "JDK (from the class data sharing archive)";
        }
        if (source.startsWith("jrt:")) {
            return "JDK";
        }
        if (!source.startsWith("file:") && !source.startsWith("jar:")) {
            return "generated (lambdas, proxies)";
        }
        if (source.contains("/quiesce-libraries/")) {
            return "third-party library (quiesce-libraries)";
        }
        if (source.contains("/WEB-INF/")) {
            return "application (WEB-INF)";
        }
        return source.contains("/wlp/") ? "Liberty runtime" : "other jars";
    }

    private static void reportMemory(String heap, String live, String nmt) {
        OUT.info("  memory at ready (committed, from NMT):");
        Matcher m = Pattern.compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)")
                .matcher(nmt);
        while (m.find()) {
            long mb = Long.parseLong(m.group(2)) / 1024;
            if (mb > 0) {
                OUT.info(String.format("    %6d MB  %s", mb, m.group(1).trim()));
            }
        }
        OUT.info("  heap at ready: " + heapUsage(heap) + "; after a full GC (the live set): " + heapUsage(live));
    }

    /** Committed and used heap summed over the generations that {@code GC.heap_info} lists (one line for G1). */
    private static String heapUsage(String heapInfo) {
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(heapInfo);
        long total = 0;
        long used = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
            used += Long.parseLong(m.group(2));
        }
        return String.format("%d MB used of %d MB committed", used / 1024, total / 1024);
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    private static Map<String, Pattern> phases() {
        Map<String, Pattern> phases = new LinkedHashMap<>();
        phases.put("launch -> Liberty kernel and features started", Pattern.compile("CWWKZ0018I"));
        phases.put(
                "-> application deployed (WAR, annotations, CDI, JAX-RS, OpenAPI)",
                Pattern.compile("CWWKT0016I: .*:\\d+/\\s*$", Pattern.MULTILINE));
        phases.put(
                "-> kernel and participants started (Temporal client created)",
                Pattern.compile("event=lifecycle\\.starting"));
        phases.put("-> schema checked or migrated", Pattern.compile("event=database\\.(current|migrated)"));
        phases.put("-> Quartz node joined the cluster", Pattern.compile("event=jobs\\.scheduler_started"));
        phases.put("-> Temporal worker polling", Pattern.compile("event=workflow\\.worker_started"));
        return phases;
    }
}
