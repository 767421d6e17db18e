package io.quiesce.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import javax.sql.DataSource;

/** The application's data source ({@code jdbc/quiesce} in server.xml) as a bean, for constructor injection. */
@ApplicationScoped
public class ApplicationDatabase {

    @Produces
    @Resource(lookup = "jdbc/quiesce")
    DataSource dataSource;
}
