package io.quiesce.jobs;

import io.opentelemetry.api.OpenTelemetry;
import io.quiesce.jobs.config.JobsConfig;
import io.quiesce.jobs.maintenance.InstanceReconcileJob;
import io.quiesce.jobs.maintenance.PurgeStore;
import io.quiesce.jobs.maintenance.RetentionPurgeJob;
import io.quiesce.jobs.quartz.JobRegistry;
import io.quiesce.jobs.quartz.JobScheduler;
import io.quiesce.jobs.quartz.QuartzResource;
import io.quiesce.jobs.schedule.ScheduleFireJob;
import io.quiesce.jobs.schedule.ScheduleService;
import io.quiesce.jobs.telemetry.JobTelemetry;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.workflow.config.WorkflowConfig;
import io.quiesce.workflow.instance.InstanceReconciler;
import io.quiesce.workflow.instance.InstanceRetention;
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

/**
 * The module's wiring: the server's resources, the configuration, the telemetry and the jobs' factory as beans, for the
 * constructors of JobScheduler and ScheduleService. Above every package of the module, so that none of them needs
 * another's wiring.
 */
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

    /** @Singleton: one listener per application, resolving its tracer and meter on the application's thread. */
    @Produces
    @Singleton
    JobTelemetry telemetry(OpenTelemetry openTelemetry, EventLog log) {
        return new JobTelemetry(openTelemetry, log);
    }

    @Produces
    JobRegistry registry(
            InstanceService instances,
            JobsConfig settings,
            @QuartzResource DataSource jobsDataSource,
            InstanceStore instanceStore,
            InstanceRetention retention,
            WorkflowClient client,
            WorkflowConfig workflow,
            EventLog log) {
        PurgeStore store = new PurgeStore(jobsDataSource, retention);
        InstanceReconciler reconciler = new InstanceReconciler(instanceStore, client, workflow.rpcTimeout());
        return new JobRegistry(Map.of(
                ScheduleFireJob.class,
                () -> new ScheduleFireJob(instances, log),
                RetentionPurgeJob.class,
                () -> new RetentionPurgeJob(store, settings, log),
                InstanceReconcileJob.class,
                () -> new InstanceReconcileJob(reconciler, settings, log)));
    }
}
