package io.quiesce.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.database.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class SchemaHistoryIT {

    private final ClassLoader loader = FixtureScripts.loader();
    private final Map<String, Integer> scripts =
            SchemaHistory.checksums(ClasspathMigrations.scan(loader, ClasspathMigrations.FOLDER));

    @Test
    void aSchemaMigratedByFlywayIsRecognisedAsCurrent() throws SQLException {
        assertThat(SchemaHistory.recordsExactly(TestDatabases.newMigratedDatabase("history_current", loader), scripts))
                .isTrue();
    }

    @Test
    void anEmptyDatabaseIsNot() throws SQLException {
        assertThat(SchemaHistory.recordsExactly(TestDatabases.newDatabase("history_empty"), scripts))
                .isFalse();
    }

    @Test
    void anyDifferenceFromTheScriptsOnTheClassPathIsLeftToFlyway() throws SQLException {
        assertThat(after("UPDATE flyway_schema_history SET checksum = checksum + 1"))
                .as("changed script")
                .isFalse();
        assertThat(after("UPDATE flyway_schema_history SET checksum = NULL"))
                .as("no checksum")
                .isFalse();
        assertThat(after("UPDATE flyway_schema_history SET success = false"))
                .as("failed migration")
                .isFalse();
        assertThat(after("DELETE FROM flyway_schema_history"))
                .as("pending script")
                .isFalse();
        assertThat(
                        after(
                                "INSERT INTO flyway_schema_history SELECT installed_rank + 1, '99', 'later', type,"
                                        + " 'V99__later.sql', checksum, installed_by, installed_on, execution_time, success"
                                        + " FROM flyway_schema_history WHERE installed_rank = (SELECT max(installed_rank) FROM flyway_schema_history)"))
                .as("a script this server does not have")
                .isFalse();
    }

    private boolean after(String change) throws SQLException {
        DataSource ds = TestDatabases.newMigratedDatabase("history_changed", loader);
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(change);
        }
        return SchemaHistory.recordsExactly(ds, scripts);
    }
}
