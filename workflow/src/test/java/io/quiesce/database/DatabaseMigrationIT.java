package io.quiesce.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Poll;
import io.quiesce.workflow.testing.Infra;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Infra.Extension.class)
class DatabaseMigrationIT {

    /** This module's scripts: the jobs module's V2 and V3 are not on its class path. */
    private static final String[] SCRIPTS = {"V1__workflow_instances.sql", "V4__code_versions.sql"};

    private final Infra infra = Infra.get();

    @Test
    void startReturnsAtOnceAndMigratesOnceTheDatabaseAppears() throws Exception {
        String name = "late_db_" + System.nanoTime();
        DataSource ds = infra.dataSource(name);
        DatabaseMigration migration = new DatabaseMigration(ds, Infra.log("test.migration"));

        long started = System.nanoTime();
        migration.start(() -> {});
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(migration.isCurrent()).isFalse();

        infra.createDatabase(name);
        Poll.untilTrue("migration after the database came up", Duration.ofSeconds(30), migration::isCurrent);

        assertThat(tables(ds)).contains("workflow_instance", "step_execution");
        assertThat(appliedScripts(ds)).containsExactly(SCRIPTS);
        assertThat(migration.stop(Duration.ofSeconds(1)))
                .containsEntry("migrated", 1L)
                .containsEntry("abandoned", 0L);
    }

    @Test
    void concurrentStartsOfSeveralServersApplyEachScriptOnce() throws Exception {
        DataSource ds = infra.newDatabase("concurrent");
        List<DatabaseMigration> servers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> starters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DatabaseMigration m = new DatabaseMigration(ds, Infra.log("test.migration." + i));
            servers.add(m);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    m.start(() -> {});
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
            Poll.untilTrue("every server migrated", Duration.ofSeconds(60), m::isCurrent);
        }

        assertThat(appliedScripts(ds)).containsExactly(SCRIPTS);
        assertThat(servers.stream().mapToInt(DatabaseMigration::scriptsApplied).sum())
                .isEqualTo(SCRIPTS.length);
        for (DatabaseMigration m : servers) {
            assertThat(m.stop(Duration.ofSeconds(1))).isEqualTo(Map.of("migrated", 1L, "abandoned", 0L));
        }
    }

    @Test
    void aServerStartingOnACurrentSchemaDoesNotRunFlyway() throws Exception {
        DataSource ds = infra.newDatabase("current");
        DatabaseMigration first = new DatabaseMigration(ds, Infra.log("test.migration.first"));
        first.start(() -> {});
        Poll.untilTrue("first server migrated", Duration.ofSeconds(30), first::isCurrent);
        DatabaseMigration second = new DatabaseMigration(ds, Infra.log("test.migration.second"));
        second.start(() -> {});
        Poll.untilTrue("second server found the schema current", Duration.ofSeconds(30), second::isCurrent);

        assertThat(first.ranFlyway()).isTrue();
        assertThat(first.scriptsApplied()).isEqualTo(SCRIPTS.length);
        assertThat(second.ranFlyway()).isFalse();
        assertThat(second.scriptsApplied()).isZero();
        first.stop(Duration.ofSeconds(1));
        second.stop(Duration.ofSeconds(1));
    }

    @Test
    void aChangedScriptIsStillLeftToFlywaysValidation() throws Exception {
        DataSource ds = infra.newMigratedDatabase("changed");
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1");
        }
        DatabaseMigration migration = new DatabaseMigration(ds, Infra.log("test.migration.changed"));
        migration.start(() -> {});

        Poll.untilTrue("Flyway attempted the migration", Duration.ofSeconds(30), migration::ranFlyway);
        assertThat(migration.isCurrent())
                .as("a checksum mismatch fails Flyway's validation; it is retried, never skipped")
                .isFalse();
        migration.stop(Duration.ofSeconds(2));
    }

    @Test
    void stopEndsTheRetryLoopWhileTheDatabaseIsDown() throws Exception {
        DatabaseMigration migration =
                new DatabaseMigration(infra.dataSource("never_" + System.nanoTime()), Infra.log("test.migration"));
        migration.start(() -> {});

        Map<String, Long> report = migration.stop(Duration.ofSeconds(2));

        assertThat(report).containsEntry("migrated", 0L).containsEntry("abandoned", 0L);
        assertThat(migration.isCurrent()).isFalse();
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
