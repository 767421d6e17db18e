package io.quiesce.devservices;

import io.quiesce.devservices.config.DevServicesConfig;
import io.quiesce.devservices.config.DevServicesException;
import io.quiesce.devservices.jwt.JwtKeys;
import io.quiesce.devservices.log.LauncherLogging;
import io.quiesce.devservices.log.ShutdownLogManager;
import io.quiesce.devservices.net.Ports;
import io.quiesce.devservices.postgres.PostgresServer;
import io.quiesce.devservices.telemetry.OtlpReceiver;
import io.quiesce.devservices.temporal.TemporalFrontend;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dev-only launcher of a real PostgreSQL, a real Temporal frontend, an OTLP receiver and the JWT key pair on loopback,
 * so that the one-command run and the integration tests need nothing but Java 17 and Maven. Never part of the WAR.
 */
public final class DevServices implements AutoCloseable {

    private final EventLog events = new EventLog(Logger.getLogger(DevServices.class.getName()), LogFormat.TEXT);
    private final DevServicesConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private PostgresServer postgres;
    private TemporalFrontend temporal;
    private OtlpReceiver otlp;
    private JwtKeys keys;
    private boolean closed;

    private DevServices(DevServicesConfig config) {
        this.config = config;
    }

    public static DevServices start(DevServicesConfig config) {
        DevServices services = new DevServices(config);
        try {
            services.startAll();
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        return services;
    }

    public static void main(String[] args) {
        // Before the first Logger, which fixes the JVM's log manager for good.
        boolean stopLinesKept = LauncherLogging.configure();
        Logger log = Logger.getLogger(DevServices.class.getName());
        AtomicReference<DevServices> running = new AtomicReference<>();
        // Registered before anything starts, so that a SIGTERM during the start still stops what has started, and on
        // every exit path, since the log manager holds its reset until this hook releases it.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            DevServices services = running.get();
                            if (services != null) {
                                services.close();
                            }
                            ShutdownLogManager.releaseResets();
                        },
                        "devservices-stop"));
        if (!stopLinesKept) {
            new EventLog(log, LogFormat.TEXT)
                    .warn(
                            "devservices.log_manager_unavailable",
                            EventLog.fields(
                                    "detail",
                                    "java.util.logging was initialized before the launcher; the stop lines may be lost"));
        }
        DevServicesConfig config = null;
        try {
            config = DevServicesConfig.fromSystemProperties(args);
            LauncherLogging.alsoWriteTo(config.logFile());
            running.set(new DevServices(config));
            running.get().startAll();
        } catch (RuntimeException | IOException e) {
            boolean expected = e instanceof DevServicesException;
            String reason = expected ? e.getMessage() : e.toString();
            log.log(
                    Level.SEVERE,
                    EventLog.render("devservices.failed", EventLog.fields("reason", reason)),
                    expected ? null : e);
            if (config != null) {
                writeFailure(config, reason);
            }
            // The shutdown hook stops whatever had started.
            System.exit(1);
        }
        running.get().awaitStopped();
    }

    private synchronized void startAll() {
        long started = System.nanoTime();
        events.info(
                "devservices.starting",
                EventLog.fields(
                        "dir",
                        config.dir(),
                        "postgres_port",
                        config.postgresPort(),
                        "temporal_port",
                        config.temporalPort(),
                        "otlp_port",
                        config.otlpPort()));
        // Every port first, so that a taken one fails in milliseconds rather than after PostgreSQL's start, and before
        // the files are touched: they may belong to a launcher still running on this directory.
        Ports.requireFree(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), config.postgresPort()),
                "PostgreSQL",
                DevServicesConfig.POSTGRES_PORT);
        Ports.requireFree(new InetSocketAddress(config.temporalPort()), "Temporal", DevServicesConfig.TEMPORAL_PORT);
        if (config.otlpPort() != 0) {
            Ports.requireFree(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), config.otlpPort()),
                    "OTLP receiver",
                    DevServicesConfig.OTLP_PORT);
        }
        try {
            Files.createDirectories(config.dir());
            Files.deleteIfExists(config.propertiesFile());
            Files.deleteIfExists(config.failureFile());
        } catch (IOException e) {
            throw new DevServicesException("cannot use " + config.dir() + " as the dev services directory: " + e, e);
        }
        keys = JwtKeys.ensure(config.jwtDir());
        try {
            otlp = OtlpReceiver.start(config.otlpPort(), config.telemetryDir());
        } catch (UncheckedIOException e) {
            throw new DevServicesException("the OTLP receiver did not start: " + e.getMessage(), e);
        }
        postgres = PostgresServer.start(config.postgresDataDir(), config.postgresPort());
        temporal = TemporalFrontend.start(config.temporalPort());
        Map<String, String> properties = readyProperties();
        writeAtomically(config.propertiesFile(), render(properties));
        events.info(
                "devservices.ready",
                EventLog.fields(
                        "postgres_port",
                        postgres.port(),
                        "jdbc_url",
                        postgres.jdbcUrl(),
                        "user",
                        PostgresServer.USER,
                        "temporal_target",
                        temporal.target(),
                        "otlp_endpoint",
                        otlp.endpoint(),
                        "public_key",
                        keys.publicKey(),
                        "properties",
                        config.propertiesFile(),
                        "duration_ms",
                        Duration.ofNanos(System.nanoTime() - started).toMillis()));
    }

    public synchronized Map<String, String> readyProperties() {
        if (postgres == null || temporal == null || otlp == null) {
            throw new IllegalStateException("the dev services are not running");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("postgres.port", String.valueOf(postgres.port()));
        p.put("postgres.jdbc-url", postgres.jdbcUrl());
        p.put("postgres.user", PostgresServer.USER);
        p.put("postgres.password", PostgresServer.PASSWORD);
        p.put("postgres.data-dir", postgres.dataDir().toString());
        p.put("temporal.port", String.valueOf(temporal.port()));
        p.put("temporal.target", temporal.target());
        p.put("otlp.port", String.valueOf(otlp.port()));
        p.put("otlp.endpoint", otlp.endpoint().toString());
        p.put("otlp.dir", config.telemetryDir().toString());
        p.put("jwt.public-key", keys.publicKey().toString());
        p.put("jwt.private-key", keys.privateKey().toString());
        p.put("jwt.issuer", TokenMinter.ISSUER);
        p.put("jwt.audience", TokenMinter.AUDIENCE);
        p.put("pid", String.valueOf(ProcessHandle.current().pid()));
        p.put("run-id", config.runId());
        return p;
    }

    private static String render(Map<String, String> properties) {
        StringBuilder out = new StringBuilder("# Written by io.quiesce.devservices.DevServices at ")
                .append(Instant.now())
                .append(
                        "; deleted when it stops or starts again.\n# Dev-only credentials: loopback only, never use them elsewhere.\n");
        // The only character of these values (paths, numbers, URLs, one-line messages) that .properties would misread.
        properties.forEach((k, v) ->
                out.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return out.toString();
    }

    /** Each library bounds its stop at about 5 s; from a shutdown hook, this waits for a running start to finish. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (postgres != null || temporal != null || otlp != null) {
            stopAll();
        }
        stopped.countDown();
    }

    private void stopAll() {
        long started = System.nanoTime();
        events.info("devservices.stopping", Map.of());
        try {
            Files.deleteIfExists(config.propertiesFile());
        } catch (IOException e) {
            events.warn(
                    "devservices.properties_not_deleted",
                    EventLog.fields("file", config.propertiesFile(), "reason", e.getMessage()));
        }
        if (temporal != null) {
            temporal.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        // Last: a server stopping at the same time still exports its shutdown spans to it.
        if (otlp != null) {
            otlp.close();
        }
        events.info(
                "devservices.stopped",
                EventLog.fields(
                        "duration_ms",
                        Duration.ofNanos(System.nanoTime() - started).toMillis()));
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeFailure(DevServicesConfig config, String reason) {
        try {
            Files.createDirectories(config.dir());
            Map<String, String> failure = new LinkedHashMap<>();
            failure.put("reason", reason.replace('\n', ' '));
            failure.put("run-id", config.runId());
            writeAtomically(config.failureFile(), render(failure));
        } catch (IOException | UncheckedIOException e) {
            // The failure line has been logged; the file only speeds up a waiting build.
        }
    }

    private static void writeAtomically(Path target, String content) {
        try {
            Path temp = Files.createTempFile(
                    target.getParent(), target.getFileName().toString(), ".tmp");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
