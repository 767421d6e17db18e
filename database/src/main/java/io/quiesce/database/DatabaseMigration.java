package io.quiesce.database;

import io.quiesce.lifecycle.background.BackgroundStart;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import io.quiesce.lifecycle.time.Deadline;
import io.quiesce.lifecycle.time.TimeSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates before anything uses the schema, so that {@code /health/started} stays DOWN until the tables exist. Servers
 * starting together do not race: Flyway holds a PostgreSQL advisory lock while it reads and writes its history. The
 * empty {@code db/callback/flyway.location} is there because Flyway's constructor always looks that folder up, and
 * under Liberty a folder it cannot resolve is logged as an error at every start.
 */
@ApplicationScoped
public class DatabaseMigration implements LifecycleParticipant, DatabaseSchema {

    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** Stopping only ends the retry loop; the pool belongs to Liberty. */
    static final Duration BUDGET = Duration.ofSeconds(1);

    public static final String NAME = "database";

    private final DataSource dataSource;
    private final EventLog log;
    private final BackgroundStart background;
    private volatile ClassLoader scripts;
    private volatile Integer applied;

    @Inject
    public DatabaseMigration(DataSource dataSource, EventLog log) {
        this.dataSource = dataSource;
        this.log = log;
        this.background = new BackgroundStart(
                "quiesce-db-migration",
                INITIAL_BACKOFF,
                MAX_BACKOFF,
                BUDGET,
                () -> true,
                attempt -> migrate(scripts, attempt),
                log,
                TimeSource.system());
    }

    /** For the CDI proxy. */
    protected DatabaseMigration() {
        dataSource = null;
        log = null;
        background = null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration budget() {
        return BUDGET;
    }

    @Override
    public void start(Runnable started) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        scripts = loader != null ? loader : DatabaseMigration.class.getClassLoader();
        background.begin(started);
    }

    @Override
    public boolean isCurrent() {
        return applied != null;
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) throws InterruptedException {
        return background.stopOnce(timeLeft, this::report);
    }

    /** A redeploy must not leave a retry loop of the old application behind. */
    @PreDestroy
    void close() {
        background.close(Duration.ofMillis(200), this::report, "database.close_failed");
    }

    private Map<String, Long> report(Deadline deadline, boolean startEnded) {
        return Map.of("migrated", isCurrent() ? 1L : 0L, "abandoned", startEnded ? 0L : 1L);
    }

    private BackgroundStart.Attempted migrate(ClassLoader loader, int attempt) throws SQLException {
        long started = System.nanoTime();
        ClasspathMigrations scripts = ClasspathMigrations.scan(loader, ClasspathMigrations.FOLDER);
        if (SchemaHistory.recordsExactly(dataSource, SchemaHistory.checksums(scripts))) {
            applied = 0;
            log.info(
                    "database.current",
                    EventLog.fields(
                            "attempt",
                            attempt,
                            "duration_ms",
                            (System.nanoTime() - started) / 1_000_000,
                            "scripts",
                            String.join(",", scripts.names()),
                            "checked",
                            SchemaHistory.TABLE));
            return BackgroundStart.Attempted.STARTED;
        }
        MigrateResult migrated = flyway(dataSource, loader, scripts).migrate();
        applied = migrated.migrationsExecuted;
        log.info(
                "database.migrated",
                EventLog.fields(
                        "attempt",
                        attempt,
                        "duration_ms",
                        (System.nanoTime() - started) / 1_000_000,
                        "scripts",
                        String.join(",", scripts.names()),
                        "applied",
                        migrated.migrationsExecuted,
                        "version",
                        migrated.targetSchemaVersion != null
                                ? migrated.targetSchemaVersion
                                : String.valueOf(migrated.initialSchemaVersion)));
        return BackgroundStart.Attempted.STARTED;
    }

    /** Giving Flyway both providers keeps it from running its classpath scanner at all. */
    public static Flyway flyway(DataSource dataSource, ClassLoader loader, ClasspathMigrations scripts) {
        ClassProvider<JavaMigration> noJavaMigrations = List::of;
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .resourceProvider(scripts)
                .javaMigrationClassProvider(noJavaMigrations)
                .connectRetries(0)
                .load();
    }
}
