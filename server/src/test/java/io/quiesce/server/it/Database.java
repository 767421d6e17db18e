package io.quiesce.server.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Direct reads of the dev services' PostgreSQL, to check what the service persisted (or did not). */
final class Database {

    private static final String URL =
            System.getProperty("quiesce.it.db.url", "jdbc:postgresql://127.0.0.1:15432/quiesce");

    private Database() {}

    /** The dev services' PostgreSQL port, for a relay in front of it. */
    static int port() {
        Matcher m = Pattern.compile("//[^:/]+:(\\d+)/").matcher(URL);
        if (!m.find()) {
            throw new IllegalStateException("no port in " + URL);
        }
        return Integer.parseInt(m.group(1));
    }

    static long count(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(URL, "quiesce", "quiesce");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** Runs an insert, update or delete; returns the rows it touched. */
    static int update(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(URL, "quiesce", "quiesce");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed: " + sql, e);
        }
    }

    /** Every row of a query, each as its columns' values. */
    static List<List<Object>> rows(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(URL, "quiesce", "quiesce");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<List<Object>> result = new ArrayList<>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(rows.getObject(c));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    static long instances() {
        return count("select count(*) from workflow_instance");
    }

    static long steps(String instanceId) {
        return count("select count(*) from step_execution where instance_id = ?", instanceId);
    }
}
