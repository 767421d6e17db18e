package io.quiesce.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.database.testing.TestDatabases;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.testkit.LoggedEvents;
import io.quiesce.testkit.Poll;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The participant against a real PostgreSQL, observed as an operator would: its log lines, its report, the schema. */
class DatabaseMigrationIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String[] SCRIPTS = FixtureScripts.NAMES;

    private final List<LoggedEvents> logs = new ArrayList<>();

    @AfterEach
    void detachLogs() {
        logs.forEach(LoggedEvents::close);
    }

    @Test
    void startReturnsWithoutWaitingAndMigratesOnceTheDatabaseAppears() throws Exception {
        String name = "late_db_" + System.nanoTime();
        DataSource ds = TestDatabases.dataSource(name);
        DatabaseMigration migration = new DatabaseMigration(ds, log("test.migration.late"));

        Thread starting = new Thread(() -> start(migration), "start-migration");
        starting.start();
        Poll.untilTrue("start() to return while the database does not exist", WITHIN, () -> !starting.isAlive());
        assertThat(migration.isCurrent()).isFalse();

        TestDatabases.createDatabase(name);
        Poll.untilTrue("migration after the database came up", WITHIN, migration::isCurrent);

        assertThat(tables(ds)).contains("fixture_account", "fixture_entry");
        assertThat(appliedScripts(ds)).containsExactly(SCRIPTS);
        assertThat(migration.stop(Duration.ofSeconds(1)))
                .containsEntry("migrated", 1L)
                .containsEntry("abandoned", 0L);
    }

    @Test
    void concurrentStartsOfSeveralServersApplyEachScriptOnce() throws Exception {
        DataSource ds = TestDatabases.newDatabase("concurrent");
        List<DatabaseMigration> servers = new ArrayList<>();
        List<LoggedEvents> serverLogs = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> starters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String logger = "test.migration.concurrent." + i;
            serverLogs.add(events(logger));
            DatabaseMigration m = new DatabaseMigration(ds, log(logger));
            servers.add(m);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    start(m);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            starters.add(t);
        }
        go.countDown();
        for (Thread t : starters) {
            t.join(5000);
        }
        for (DatabaseMigration m : servers) {
            Poll.untilTrue("every server migrated", WITHIN, m::isCurrent);
        }

        assertThat(appliedScripts(ds)).containsExactly(SCRIPTS);
        assertThat(serverLogs.stream().mapToInt(DatabaseMigrationIT::applied).sum())
                .as("scripts applied, as the servers' database.migrated lines say")
                .isEqualTo(SCRIPTS.length);
        for (DatabaseMigration m : servers) {
            assertThat(m.stop(Duration.ofSeconds(1))).isEqualTo(Map.of("migrated", 1L, "abandoned", 0L));
        }
    }

    @Test
    void aServerStartingOnACurrentSchemaDoesNotRunFlyway() throws Exception {
        DataSource ds = TestDatabases.newDatabase("current");
        LoggedEvents firstLog = events("test.migration.first");
        DatabaseMigration first = new DatabaseMigration(ds, log("test.migration.first"));
        start(first);
        Poll.untilTrue("first server migrated", WITHIN, first::isCurrent);
        LoggedEvents secondLog = events("test.migration.second");
        DatabaseMigration second = new DatabaseMigration(ds, log("test.migration.second"));
        start(second);
        Poll.untilTrue("second server found the schema current", WITHIN, second::isCurrent);

        assertThat(firstLog.count("database.migrated"))
                .as("the first server ran Flyway")
                .isEqualTo(1);
        assertThat(applied(firstLog)).isEqualTo(SCRIPTS.length);
        assertThat(secondLog.count("database.migrated"))
                .as("the second server ran Flyway")
                .isZero();
        assertThat(secondLog.count("database.current")).isEqualTo(1);
        assertThat(applied(secondLog)).isZero();
        first.stop(Duration.ofSeconds(1));
        second.stop(Duration.ofSeconds(1));
    }

    @Test
    void aChangedScriptIsStillLeftToFlywaysValidation() throws Exception {
        DataSource ds = TestDatabases.newMigratedDatabase("changed", FixtureScripts.loader());
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1");
        }
        LoggedEvents events = events("test.migration.changed");
        DatabaseMigration migration = new DatabaseMigration(ds, log("test.migration.changed"));
        start(migration);

        Poll.untilTrue(
                "Flyway's validation to fail the attempt",
                WITHIN,
                () -> events.lines("retry.attempt_failed").stream().anyMatch(l -> l.contains("Validat")));
        assertThat(migration.isCurrent())
                .as("a checksum mismatch fails Flyway's validation; it is retried, never skipped")
                .isFalse();
        assertThat(events.count("database.current")).isZero();
        migration.stop(Duration.ofSeconds(2));
    }

    @Test
    void stopEndsTheRetryLoopWhileTheDatabaseIsDown() throws Exception {
        DatabaseMigration migration = new DatabaseMigration(
                TestDatabases.dataSource("never_" + System.nanoTime()), log("test.migration.never"));
        start(migration);

        Map<String, Long> report = migration.stop(Duration.ofSeconds(2));

        assertThat(report).containsEntry("migrated", 0L).containsEntry("abandoned", 0L);
        assertThat(migration.isCurrent()).isFalse();
    }

    private static void start(DatabaseMigration migration) {
        FixtureScripts.withScripts(() -> migration.start(() -> {}));
    }

    private static EventLog log(String name) {
        return EventLog.named(name, LogFormat.TEXT);
    }

    private LoggedEvents events(String logger) {
        LoggedEvents events = LoggedEvents.of(logger);
        logs.add(events);
        return events;
    }

    /** What the server's database.migrated line says it applied; 0 when it found the schema current. */
    private static int applied(LoggedEvents events) {
        return events.lines("database.migrated").stream()
                .mapToInt(l -> Integer.parseInt(LoggedEvents.field(l, "applied")))
                .sum();
    }

    private static List<String> appliedScripts(DataSource ds) throws SQLException {
        List<String> scripts = new ArrayList<>();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT script FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            while (rs.next()) {
                scripts.add(rs.getString(1));
            }
        }
        return scripts;
    }

    private static List<String> tables(DataSource ds) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
