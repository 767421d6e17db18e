package io.quiesce.workflow.events;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

@ApplicationScoped
public class EventsDataSourceProducer {

    @Produces
    @EventsDataSource
    @Resource(lookup = "jdbc/quiesce-events", shareable = false)
    DataSource dataSource;
}
