package io.quiesce.jobs.quartz;

import io.quiesce.jobs.config.JobsConfig;
import io.quiesce.jobs.maintenance.InstanceReconcileJob;
import io.quiesce.jobs.maintenance.PurgeStore;
import io.quiesce.jobs.maintenance.RetentionPurgeJob;
import io.quiesce.jobs.schedule.ScheduleFireJob;
import io.quiesce.jobs.schedule.ScheduleService;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.workflow.config.WorkflowConfig;
import io.quiesce.workflow.instance.InstanceReconciler;
import io.quiesce.workflow.instance.InstanceService;
import io.quiesce.workflow.instance.InstanceStore;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/** The server's resources and the configuration as beans, for the constructors of JobScheduler and ScheduleService. */
@ApplicationScoped
public class JobsProducer {

    @Produces
    @QuartzResource
    @Resource(lookup = "jdbc/quiesce-jobs")
    DataSource dataSource;

    @Produces
    @QuartzResource
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    /** Read once per application; @Singleton because a record cannot be proxied. */
    @Produces
    @Singleton
    JobsConfig settings(Config config) {
        return JobsConfig.read(name -> config.getOptionalValue(name, String.class));
    }

    @Produces
    ScheduleService.SchedulerSource runningScheduler(JobScheduler jobs) {
        return jobs::scheduler;
    }

    @Produces
    JobRegistry registry(
            InstanceService instances,
            JobsConfig settings,
            @QuartzResource DataSource jobsDataSource,
            Config config,
            DataSource instancesDataSource,
            WorkflowClient client,
            WorkflowConfig workflow) {
        LogFormat format = LogFormat.from(config);
        EventLog fireLog = EventLog.named("io.quiesce.jobs.schedule", format);
        EventLog purgeLog = EventLog.named("io.quiesce.jobs.maintenance", format);
        PurgeStore store = new PurgeStore(jobsDataSource);
        InstanceReconciler reconciler =
                new InstanceReconciler(new InstanceStore(instancesDataSource), client, workflow.rpcTimeout());
        return new JobRegistry(Map.of(
                ScheduleFireJob.class,
                () -> new ScheduleFireJob(instances, fireLog),
                RetentionPurgeJob.class,
                () -> new RetentionPurgeJob(store, settings, purgeLog),
                InstanceReconcileJob.class,
                () -> new InstanceReconcileJob(reconciler, settings, purgeLog)));
    }
}
