package io.quiesce.jobs.testing;

import io.quiesce.database.ClasspathMigrations;
import io.quiesce.database.DatabaseMigration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Duration;

/** An embedded PostgreSQL with every module's migrations applied, as the application's own migration would. */
public final class MigratedPostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private MigratedPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static MigratedPostgres start() throws IOException {
        MigratedPostgres database = new MigratedPostgres(EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start());
        ClassLoader loader = MigratedPostgres.class.getClassLoader();
        DatabaseMigration.flyway(database.dataSource(), loader, ClasspathMigrations.scan(loader, ClasspathMigrations.FOLDER)).migrate();
        return database;
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
