package io.quiesce.devservices.postgres;

import io.quiesce.devservices.config.DevServicesException;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * As root, zonky runs every PostgreSQL command under {@code unshare -U}, so PostgreSQL's refusal to run as root does not
 * apply. The postmaster is detached from this JVM: a launcher killed with SIGKILL leaves it running (see the README).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "quiesce";
    /** Dev-only credentials: the server listens on loopback only and the data lives under {@code target/}. */
    public static final String USER = "quiesce";

    public static final String PASSWORD = "quiesce";
    public static final String HOST = "127.0.0.1";

    private static final Logger LOG = Logger.getLogger(PostgresServer.class.getName());
    private static final EventLog EVENTS = new EventLog(LOG, LogFormat.TEXT);
    /** Covers postmaster start and crash recovery after an unclean stop; initdb runs before and is not part of it. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private static final int ADMIN_TIMEOUT_SECONDS = 10;

    private final EmbeddedPostgres postgres;
    private final int port;
    private final Path dataDir;

    private PostgresServer(EmbeddedPostgres postgres, int port, Path dataDir) {
        this.postgres = postgres;
        this.port = port;
        this.dataDir = dataDir;
    }

    public static PostgresServer start(Path dataDir, int port) {
        long started = System.nanoTime();
        boolean initdb = !Files.exists(dataDir.resolve("postgresql.conf"));
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    // Keep the cluster across launcher restarts; zonky's default (a throw-away directory) loses the
                    // data.
                    .setCleanDataDirectory(false)
                    // DevServices stops Temporal first, then PostgreSQL, from its own hook.
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", HOST)
                    // No Unix socket: nothing is left in /tmp, and a system PostgreSQL's socket never collides with
                    // ours.
                    .setServerConfig("unix_socket_directories", "''")
                    .setPGStartupWait(STARTUP_WAIT)
                    .setDataDirectoryCustomizer(PostgresServer::writeHostBasedAuthentication)
                    .start();
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw new DevServicesException(
                    "PostgreSQL did not start on port " + port + " with data directory " + dataDir + " ("
                            + rootMessage(e)
                            + "); if the directory is from another PostgreSQL version or damaged, delete it",
                    e);
        }
        PostgresServer server = new PostgresServer(postgres, port, dataDir);
        try {
            server.createDatabase();
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new DevServicesException(
                    "PostgreSQL started but the " + DATABASE + " database could not be prepared: " + e.getMessage(), e);
        }
        EVENTS.info(
                "postgres.started",
                EventLog.fields(
                        "port",
                        port,
                        "data_dir",
                        dataDir,
                        "initdb",
                        initdb,
                        "duration_ms",
                        Duration.ofNanos(System.nanoTime() - started).toMillis()));
        return server;
    }

    /**
     * Replaces initdb's "trust everyone": only the superuser skips the password (zonky's readiness probe needs that), so a
     * wrong password in the service's configuration fails here as it would in production.
     */
    private static void writeHostBasedAuthentication(File dataDir) {
        String hba = String.join(
                "\n",
                "# Written by Quiesce devservices at every start. Dev only: loopback, no Unix socket.",
                "host  all  postgres  " + HOST + "/32  trust",
                "host  all  all       " + HOST + "/32  scram-sha-256",
                "");
        try {
            Files.writeString(dataDir.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Idempotent: on a reused data directory the role and database exist, and the password is set again. */
    private void createDatabase() throws SQLException {
        Properties admin = new Properties();
        admin.setProperty("user", "postgres");
        admin.setProperty("connectTimeout", String.valueOf(ADMIN_TIMEOUT_SECONDS));
        admin.setProperty("socketTimeout", String.valueOf(ADMIN_TIMEOUT_SECONDS));
        try (Connection connection = DriverManager.getConnection(url("postgres"), admin);
                Statement statement = connection.createStatement()) {
            String password = "PASSWORD '" + PASSWORD + "'";
            if (exists(connection, "select 1 from pg_roles where rolname = ?", USER)) {
                statement.execute("ALTER ROLE " + USER + " LOGIN " + password);
            } else {
                statement.execute("CREATE ROLE " + USER + " LOGIN " + password);
            }
            if (!exists(connection, "select 1 from pg_database where datname = ?", DATABASE)) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    public String jdbcUrl() {
        return url(DATABASE);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code pg_ctl stop -m fast}, bounded by zonky at 5 s; zonky logs a failure itself and it is not retried. */
    @Override
    public void close() {
        long started = System.nanoTime();
        try {
            postgres.close();
        } catch (IOException e) {
            EVENTS.warn("postgres.stop_failed", EventLog.fields("port", port, "reason", e.getMessage()));
        }
        EVENTS.info(
                "postgres.stopped",
                EventLog.fields(
                        "port",
                        port,
                        "duration_ms",
                        Duration.ofNanos(System.nanoTime() - started).toMillis()));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
    }
}
