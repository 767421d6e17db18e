package io.quiesce.devservices.temporal;

import io.quiesce.devservices.config.DevServicesException;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.temporal.testserver.TestServer;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Keeps its state in memory: workflows do not survive a restart. It binds every interface ({@code createPortBoundServer}
 * offers no bind address, short of assembling the server from SDK internals), hence the warning.
 */
public final class TemporalFrontend implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TemporalFrontend.class.getName());
    private static final EventLog EVENTS = new EventLog(LOG, LogFormat.TEXT);
    public static final String HOST = "127.0.0.1";

    private final TestServer.PortBoundTestServer server;
    private final int port;

    private TemporalFrontend(TestServer.PortBoundTestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static TemporalFrontend start(int port) {
        long started = System.nanoTime();
        TestServer.PortBoundTestServer server;
        try {
            server = TestServer.createPortBoundServer(port);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DevServicesException(
                    "the Temporal test server did not start on port " + port + ": " + cause.getMessage(), e);
        }
        EVENTS.warn(
                "temporal.all_interfaces",
                EventLog.fields(
                        "port",
                        port,
                        "detail",
                        "the Temporal test server listens on all interfaces, not only loopback; use it on trusted networks only"));
        EVENTS.info(
                "temporal.started",
                EventLog.fields(
                        "port",
                        port,
                        "duration_ms",
                        Duration.ofNanos(System.nanoTime() - started).toMillis()));
        return new TemporalFrontend(server, port);
    }

    public String target() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Waits up to 5 s for calls in flight (the test server's own bound), then forces the rest. */
    @Override
    public void close() {
        long started = System.nanoTime();
        server.close();
        EVENTS.info(
                "temporal.stopped",
                EventLog.fields(
                        "port",
                        port,
                        "duration_ms",
                        Duration.ofNanos(System.nanoTime() - started).toMillis()));
    }
}
