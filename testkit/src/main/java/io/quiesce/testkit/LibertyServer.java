package io.quiesce.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Liberty run as the container image runs it, {@code bin/server run} in the foreground: the script execs the JVM, so
 * this process is the JVM and receives signals directly.
 */
public final class LibertyServer implements AutoCloseable {

    private final Process process;
    private final Path wlpHome;
    private final Path outputDir;
    private final String serverName;
    private final int httpPort;
    private final long startNanos;

    private LibertyServer(
            Process process, Path wlpHome, Path outputDir, String serverName, int httpPort, long startNanos) {
        this.process = process;
        this.wlpHome = wlpHome;
        this.outputDir = outputDir;
        this.serverName = serverName;
        this.httpPort = httpPort;
        this.startNanos = startNanos;
    }

    /** Empties {@code outputDir} first, so that no log of an earlier run can be mistaken for this one's. */
    public static LibertyServer start(Path wlpHome, String serverName, Path outputDir, Map<String, String> env)
            throws IOException {
        return start(wlpHome, serverName, outputDir, env, List.of());
    }

    /**
     * @param launcher a command the server's command runs behind, which must {@code exec} it so that this process
     *     stays the JVM (a shell that joins a cgroup first, say); empty: none
     */
    public static LibertyServer start(
            Path wlpHome, String serverName, Path outputDir, Map<String, String> env, List<String> launcher)
            throws IOException {
        int port = freePort();
        Directories.deleteRecursively(outputDir);
        Files.createDirectories(outputDir);
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(wlpHome.resolve("bin/server").toString(), "run", serverName));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(outputDir.resolve("console.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("WLP_OUTPUT_DIR", outputDir.toString());
        environment.put("HTTP_PORT", Integer.toString(port));
        environment.put("HTTP_HOST", "127.0.0.1");
        environment.putAll(new HashMap<>(env));
        long start = System.nanoTime();
        return new LibertyServer(builder.start(), wlpHome, outputDir, serverName, port, start);
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    public void sigterm() {
        process.toHandle().destroy();
    }

    /** The path where the application hears of the shutdown only after Liberty has closed its port. */
    public int serverStop(Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        wlpHome.resolve("bin/server").toString(), "stop", serverName)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        outputDir.resolve("stop.log").toFile()));
        builder.environment().put("WLP_OUTPUT_DIR", outputDir.toString());
        Process stop = builder.start();
        if (!stop.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stop.destroyForcibly();
            throw new IllegalStateException("server stop did not finish within " + timeout);
        }
        return stop.exitValue();
    }

    /** {@link Ready#await}: fails at once, with the server's log, when the server exits first. */
    public LibertyServer awaitReady(Duration timeout) {
        Ready.await(serverName + " on port " + httpPort, httpPort, timeout, this::isAlive, this::logs);
        return this;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void sigkill() {
        process.toHandle().destroyForcibly();
    }

    public Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? Optional.of(process.exitValue())
                : Optional.empty();
    }

    public Path messagesLog() {
        return outputDir.resolve(serverName).resolve("logs/messages.log");
    }

    /** messages.log, trace.log and the ffdc directory. */
    public Path logsDirectory() {
        return outputDir.resolve(serverName).resolve("logs");
    }

    public Path consoleLog() {
        return outputDir.resolve("console.log");
    }

    public String logs() {
        for (Path log : new Path[] {messagesLog(), consoleLog()}) {
            try {
                if (Files.exists(log)) {
                    return Files.readString(log);
                }
            } catch (IOException e) {
                return "(could not read " + log + ": " + e + ")";
            }
        }
        return "(no log yet)";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
