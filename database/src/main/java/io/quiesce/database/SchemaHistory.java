package io.quiesce.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;

/**
 * When Flyway's history already records exactly the scripts on the class path, Flyway need not be loaded at all, which
 * saves ~350 classes and a parse of every script at each start. Anything else is left to Flyway.
 */
final class SchemaHistory {

    static final String TABLE = "flyway_schema_history";

    private SchemaHistory() {}

    static Map<String, Integer> checksums(ClasspathMigrations scripts) {
        Map<String, Integer> checksums = new HashMap<>();
        for (String name : scripts.names()) {
            checksums.put(name, ChecksumCalculator.calculate(scripts.getResource(name)));
        }
        return checksums;
    }

    static boolean recordsExactly(DataSource dataSource, Map<String, Integer> expected) throws SQLException {
        Map<String, Integer> recorded = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            if (!tableExists(c)) {
                return false;
            }
            try (Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT script, checksum, success FROM " + TABLE)) {
                while (rows.next()) {
                    String script = rows.getString(1);
                    int checksum = rows.getInt(2);
                    boolean unknownChecksum = rows.wasNull();
                    if (!rows.getBoolean(3) || unknownChecksum || recorded.put(script, checksum) != null) {
                        return false;
                    }
                }
            }
        }
        return recorded.size() == expected.size()
                && expected.entrySet().stream().allMatch(e -> Objects.equals(recorded.get(e.getKey()), e.getValue()));
    }

    private static boolean tableExists(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), TABLE, new String[] {"TABLE"})) {
            return tables.next();
        }
    }
}
