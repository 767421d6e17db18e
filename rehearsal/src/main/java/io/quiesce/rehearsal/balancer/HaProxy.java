package io.quiesce.rehearsal.balancer;

import io.quiesce.testkit.Executables;
import io.quiesce.testkit.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy in TCP mode as the Service's L4 balancer. Like kube-proxy it balances connections, not requests: an
 * established connection stays on its server until one side closes it, also after the server left the endpoints
 * (runtime API {@code state maint} stops new connections only). It never retries a connect, so a refused connection
 * reaches the client as kube-proxy's would. One slot per pod, never reused, so that its log names the pod.
 */
public final class HaProxy implements AutoCloseable {

    public static final String MISSING = "HAProxy not found: the rehearsal balances its servers with HAProxy in TCP"
            + " mode. Install it (apt-get install -y haproxy; the rehearsal does so itself when it runs as root on Debian"
            + " or Ubuntu) or name one with -Dquiesce.rehearsal.haproxy=/path/to/haproxy";
    static final String BACKEND = "pods";

    /** One connection as HAProxy logged it when it closed: client port, the slot it went to, its termination state. */
    public record LoggedConnection(int clientPort, String slot, String terminationState) {}

    private final Process process;
    private final Path socket;
    private final Path log;
    private final int port;
    private final int streamPort;

    private HaProxy(Process process, Path socket, Path log, int port, int streamPort) {
        this.process = process;
        this.socket = socket;
        this.log = log;
        this.port = port;
        this.streamPort = streamPort;
    }

    /** Finds HAProxy (installing it with apt-get as root when it is missing) or fails with what to install. */
    public static Path locate(String configured) {
        Optional<Path> found = Executables.find(configured);
        if (found.isEmpty()
                && configured.equals("haproxy")
                && isRoot()
                && Executables.find("apt-get").isPresent()) {
            install();
            found = Executables.find(configured);
        }
        return found.orElseThrow(() -> new IllegalStateException(MISSING));
    }

    public static HaProxy start(Path haproxy, Path dir, int port, int slots, Duration clientTimeout)
            throws IOException {
        Files.createDirectories(dir);
        Path socket = dir.resolve("haproxy.sock");
        Path log = dir.resolve("haproxy.log");
        Files.deleteIfExists(socket);
        Path config = dir.resolve("haproxy.cfg");
        long timeout = clientTimeout.toMillis();
        int streamPort = freePort();
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "global",
                        "  stats socket " + socket + " mode 600 level admin",
                        "  log stdout format raw local0",
                        "  maxconn 4096",
                        "defaults",
                        "  mode tcp",
                        "  log global",
                        // Logged at close: client port, slot, termination state (SC = the server refused the connect).
                        "  log-format \"%cp %s %ts\"",
                        "  retries 0",
                        "  timeout connect 2s",
                        "  timeout client " + timeout + "ms",
                        "  timeout server " + timeout + "ms",
                        "frontend service",
                        "  bind 127.0.0.1:" + port,
                        "  default_backend " + BACKEND,
                        // The watchers' event streams: the same servers, unlogged, so that the log's n-th connection
                        // on a client port stays the load's n-th connection on it.
                        "frontend streams",
                        "  bind 127.0.0.1:" + streamPort,
                        "  no log",
                        "  default_backend " + BACKEND,
                        "backend " + BACKEND,
                        "  balance roundrobin",
                        "  server-template pod 1-" + slots + " 127.0.0.1:1 disabled",
                        ""));
        Process process = new ProcessBuilder(haproxy.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HaProxy balancer = new HaProxy(process, socket, log, port, streamPort);
        Poll.untilTrue("HAProxy to listen on 127.0.0.1:" + port, Duration.ofSeconds(20), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("HAProxy exited at start: " + balancer.logText());
            }
            return Files.exists(socket) && accepts(port);
        });
        return balancer;
    }

    public int port() {
        return port;
    }

    /** Another way in to the same servers whose connections are not logged: for long-lived event streams. */
    public int streamPort() {
        return streamPort;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Points slot {@code slot} (1-based) at a server; it takes no connections until {@link #enable}. */
    public void assign(int slot, int serverPort) {
        command("set server " + BACKEND + "/pod" + slot + " addr 127.0.0.1 port " + serverPort);
    }

    public void enable(int slot) {
        command("set server " + BACKEND + "/pod" + slot + " state ready");
    }

    /** New connections go elsewhere; established ones stay, as with kube-proxy's conntrack entries. */
    public void disable(int slot) {
        command("set server " + BACKEND + "/pod" + slot + " state maint");
    }

    /** Every connection logged so far, in the order they closed, per client port. */
    public Map<Integer, Deque<LoggedConnection>> connections() {
        Map<Integer, Deque<LoggedConnection>> byPort = new HashMap<>();
        for (String line : logText().split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length == 3 && fields[0].matches("\\d+")) {
                LoggedConnection connection = new LoggedConnection(Integer.parseInt(fields[0]), fields[1], fields[2]);
                byPort.computeIfAbsent(connection.clientPort(), p -> new ArrayDeque<>())
                        .add(connection);
            }
        }
        return byPort;
    }

    private synchronized String command(String command) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            StringBuilder answer = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                answer.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            String text = answer.toString().trim();
            if (!text.isEmpty() && !text.startsWith("IP changed") && !text.startsWith("no need to change")) {
                throw new IllegalStateException("HAProxy refused '" + command + "': " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("HAProxy runtime API (" + socket + "): " + command, e);
        }
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void install() {
        for (List<String> command :
                List.of(List.of("apt-get", "update", "-qq"), List.of("apt-get", "install", "-y", "-qq", "haproxy"))) {
            try {
                Process process = new ProcessBuilder(command).inheritIO().start();
                if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed. " + MISSING);
                }
            } catch (IOException e) {
                throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage() + ". " + MISSING, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while installing HAProxy", e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            // SIGUSR1 would wait for every connection; the load has stopped, so the last log lines are written at once.
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
