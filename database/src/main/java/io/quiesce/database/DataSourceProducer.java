package io.quiesce.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/**
 * The application's data source ({@code jdbc/quiesce} in server.xml) as a bean, for constructor injection. Unshareable:
 * a shareable connection goes back to the pool only when the request's local transaction ends, so a request waiting on
 * Temporal would hold one, and a hung Temporal would take the whole pool (the database's bulkhead) with it.
 */
@ApplicationScoped
public class DataSourceProducer {

    @Produces
    @Resource(lookup = "jdbc/quiesce", shareable = false)
    DataSource dataSource;
}
