package io.quiesce.workflow.schema;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.ShutdownParticipant;
import io.quiesce.workflow.config.LogFormats;
import io.quiesce.workflow.support.RetryLoop;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Brings the database schema up to date with Flyway before anything uses it, as the first shutdown participant, so that
 * {@code /health/started} stays DOWN until the tables exist.
 *
 * <p>The migration runs on its own thread and retries with backoff: the database may come up after Liberty, and the
 * application must start (and answer its probes) meanwhile. Several servers starting together do not race: Flyway holds a
 * PostgreSQL advisory lock ({@code pg_try_advisory_xact_lock}, retried) while it reads and writes its history table, so one
 * server applies the scripts and the others find them applied. Scripts come from {@code db/migration} in every jar of the
 * application through {@link ClasspathMigrations}, not Flyway's own scanner (see there why). When the history table already
 * records exactly those scripts ({@link SchemaHistory}), the schema is current and Flyway is not run at all. The empty
 * {@code db/callback/flyway.location} in this jar is there only because Flyway's constructor always looks that folder up,
 * and under Liberty a folder it cannot resolve is logged as an error at every start.
 */
@ApplicationScoped
public class DatabaseMigration implements ShutdownParticipant {

    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    @Resource(lookup = "jdbc/quiesce")
    DataSource dataSource;

    @Inject
    Config config;

    private volatile EventLog log;
    private volatile RetryLoop loop;
    private volatile Integer applied;
    private volatile boolean ranFlyway;

    /** For CDI. */
    public DatabaseMigration() {
    }

    /** For plain Java and tests: no container, the caller's data source. */
    public DatabaseMigration(DataSource dataSource, EventLog log) {
        this.dataSource = dataSource;
        this.log = log;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public int order() {
        return 0;
    }

    /** Stopping only ends the retry loop; the pool belongs to Liberty. */
    @Override
    public Duration budget() {
        return Duration.ofSeconds(1);
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        if (log == null) {
            log = EventLog.named("io.quiesce.workflow.database", LogFormats.from(config));
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ClassLoader scripts = loader != null ? loader : DatabaseMigration.class.getClassLoader();
        loop = new RetryLoop("quiesce-db-migration", INITIAL_BACKOFF, MAX_BACKOFF, attempt -> migrate(scripts, attempt), log);
        loop.start();
    }

    @Override
    public boolean isStarted() {
        return applied != null;
    }

    /** Scripts this server applied (0 when it found the schema current), or null before the schema is known current. */
    public Integer scriptsApplied() {
        return applied;
    }

    /** Whether this server had to run Flyway (false when the history table showed the schema current). */
    boolean ranFlyway() {
        return ranFlyway;
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) throws InterruptedException {
        RetryLoop running = loop;
        boolean ended = running == null || running.stop(timeLeft);
        return Map.of("migrated", isStarted() ? 1L : 0L, "abandoned", ended ? 0L : 1L);
    }

    /** A redeploy must not leave a retry loop of the old application behind. */
    @PreDestroy
    void close() {
        try {
            stop(Duration.ofMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean migrate(ClassLoader loader, int attempt) throws SQLException {
        long started = System.nanoTime();
        ClasspathMigrations scripts = ClasspathMigrations.scan(loader, ClasspathMigrations.FOLDER);
        if (SchemaHistory.recordsExactly(dataSource, SchemaHistory.checksums(scripts))) {
            applied = 0;
            log.info("database.current", EventLog.fields("attempt", attempt,
                    "duration_ms", (System.nanoTime() - started) / 1_000_000, "scripts", String.join(",", scripts.names()),
                    "checked", SchemaHistory.TABLE));
            return true;
        }
        ranFlyway = true;
        MigrateResult migrated = flyway(dataSource, loader, scripts).migrate();
        applied = migrated.migrationsExecuted;
        log.info("database.migrated", EventLog.fields("attempt", attempt,
                "duration_ms", (System.nanoTime() - started) / 1_000_000, "scripts", String.join(",", scripts.names()),
                "applied", migrated.migrationsExecuted, "version", migrated.targetSchemaVersion != null
                        ? migrated.targetSchemaVersion : String.valueOf(migrated.initialSchemaVersion)));
        return true;
    }

    /**
     * The Flyway configuration used in the application and in tests alike. Java migrations are not used; giving Flyway
     * both providers keeps it from running its classpath scanner at all.
     */
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
