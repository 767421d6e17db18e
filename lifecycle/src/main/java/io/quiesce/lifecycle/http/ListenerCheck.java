package io.quiesce.lifecycle.http;

import io.quiesce.lifecycle.log.EventLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Liberty opens the HTTP port only after the application has started, and when another process holds the port it
 * logs CWWKO0221E and runs on without a listener, never ready. Once started, this sends the endpoint a request that
 * only this JVM's {@link DrainFilter} recognises; when the endpoint refuses or someone else answers until the deadline,
 * the server exits with status 1, naming the port and the property that sets it.
 */
public final class ListenerCheck {

    static final String HEADER = "X-Quiesce-Listener-Check";
    static final String ENDPOINT = "defaultHttpEndpoint";
    /**
     * Liberty binds within milliseconds of the application's start; this leaves room for a loaded machine and for a
     * redeploy into a running server, where the port answers before the application does.
     */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private static final Duration PAUSE = Duration.ofMillis(250);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String nonce = UUID.randomUUID().toString();
    private final CountDownLatch recognised = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** True (and answered by the filter) for this JVM's own check request. */
    boolean recognise(String header) {
        if (nonce.equals(header)) {
            recognised.countDown();
            return true;
        }
        return false;
    }

    public void stop() {
        stopped.countDown();
    }

    /** Checks on its own daemon thread; {@code exit} gets 1 when the listener is not this server's. */
    public void startChecking(
            String contextPath, Supplier<Optional<InetSocketAddress>> endpoint, EventLog log, IntConsumer exit) {
        Thread thread = new Thread(() -> check(contextPath, endpoint, log, exit, DEADLINE), "quiesce-listener-check");
        thread.setDaemon(true);
        thread.start();
    }

    void check(
            String contextPath,
            Supplier<Optional<InetSocketAddress>> endpoint,
            EventLog log,
            IntConsumer exit,
            Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        Optional<InetSocketAddress> address = Optional.empty();
        String outcome = "the endpoint is not defined";
        try {
            do {
                address = endpoint.get();
                if (address.isPresent()) {
                    outcome = probe(address.get(), contextPath);
                    if (outcome == null) {
                        return;
                    }
                }
            } while (System.nanoTime() < end && !stopped.await(PAUSE.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (stopped.getCount() == 0) {
            return;
        }
        if (address.isEmpty()) {
            log.warn("lifecycle.listener_unchecked", EventLog.fields("endpoint", ENDPOINT, "reason", outcome));
            return;
        }
        log.error(
                "lifecycle.http_port_unavailable",
                EventLog.fields(
                        "port",
                        address.get().getPort(),
                        "host",
                        address.get().getHostString(),
                        "reason",
                        outcome,
                        "property",
                        "http.port (environment HTTP_PORT)",
                        "action",
                        "the server stops: free the port or set http.port to a free one"));
        exit.accept(1);
    }

    /** null when this server answered; otherwise why not. */
    private String probe(InetSocketAddress address, String contextPath) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) REQUEST_TIMEOUT.toMillis());
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + contextPath + "/ HTTP/1.1\r\nHost: " + address.getHostString() + "\r\n" + HEADER + ": "
                            + nonce + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0 && recognised.getCount() > 0) {
                // the filter counts the latch down before it answers
            }
            return recognised.getCount() == 0 ? null : "another process answers on the port";
        } catch (IOException e) {
            return recognised.getCount() == 0 ? null : "nothing listens on the port (" + e.getMessage() + ")";
        }
    }

    /** The address Liberty resolved for the endpoint (variables, bootstrap properties, environment), from its MBean. */
    public static Supplier<Optional<InetSocketAddress>> libertyEndpoint() {
        return () -> {
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName name = new ObjectName("WebSphere:feature=channelfw,type=endpoint,name=" + ENDPOINT);
                if (!server.isRegistered(name)) {
                    return Optional.empty();
                }
                String host = String.valueOf(server.getAttribute(name, "Host"));
                int port = ((Number) server.getAttribute(name, "Port")).intValue();
                boolean any = host.equals("*") || host.equals("0.0.0.0") || host.equals("::");
                return Optional.of(new InetSocketAddress(any ? "127.0.0.1" : host, port));
            } catch (Exception e) {
                return Optional.empty();
            }
        };
    }
}
