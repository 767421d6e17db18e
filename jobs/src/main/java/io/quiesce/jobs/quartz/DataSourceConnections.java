package io.quiesce.jobs.quartz;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Non-transactional {@code jdbc/quiesce-jobs}: Quartz's JobStoreTX commits its own work, which fails in a global transaction. */
final class DataSourceConnections implements ConnectionProvider {

    private final DataSource dataSource;

    DataSourceConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // The pool is Liberty's: Quartz must not close it.
    }

    @Override
    public void initialize() {}
}
