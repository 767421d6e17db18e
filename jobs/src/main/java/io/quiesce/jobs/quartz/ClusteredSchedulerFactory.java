package io.quiesce.jobs.quartz;

import io.quiesce.jobs.config.JobsConfig;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.DirectSchedulerFactory;
import org.quartz.impl.jdbcjobstore.InvalidConfigurationException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.utils.DBConnectionManager;

/**
 * Built from objects rather than a properties file, so that the DataSource and the thread factory are the application's
 * own: a JNDI name looked up on a Quartz thread would need the component context that plain threads lack.
 */
final class ClusteredSchedulerFactory {

    /** How long Quartz waits before retrying after the database failed; short, so that a brief outage stays brief. */
    static final long DB_RETRY_MILLIS = 2000;

    private ClusteredSchedulerFactory() {}

    static Scheduler create(JobsConfig config, DataSource jobsDataSource, ThreadFactory threads)
            throws SchedulerException {
        String connections = "quiesce-jobs-" + config.schedulerName();
        DBConnectionManager.getInstance().addConnectionProvider(connections, new DataSourceConnections(jobsDataSource));
        SchedulerThreads executor = new SchedulerThreads(threads);

        JobStoreTX store = new JobStoreTX();
        store.setDataSource(connections);
        store.setTablePrefix("QRTZ_");
        try {
            store.setDriverDelegateClass(PostgreSQLDelegate.class.getName());
        } catch (InvalidConfigurationException e) {
            throw new SchedulerException("Quartz refused its PostgreSQL delegate", e);
        }
        store.setIsClustered(true);
        store.setClusterCheckinInterval(config.checkinInterval().toMillis());
        store.setMisfireThreshold(config.misfireThreshold().toMillis());
        store.setDbRetryInterval(DB_RETRY_MILLIS);
        // Job data is stored as text properties (String values only), not as serialized Java objects that break when a
        // class changes between versions of a rolling update.
        store.setUseProperties("true");
        store.setAcquireTriggersWithinLock(true);
        store.setThreadExecutor(executor);

        DirectSchedulerFactory.getInstance()
                .createScheduler(
                        config.schedulerName(),
                        config.instanceId(),
                        new JobThreadPool(threads, config.threadCount()),
                        executor,
                        store,
                        Map.of(),
                        null,
                        0,
                        config.idleWait().toMillis(),
                        DB_RETRY_MILLIS,
                        false,
                        null,
                        1,
                        0);
        return DirectSchedulerFactory.getInstance().getScheduler(config.schedulerName());
    }
}
