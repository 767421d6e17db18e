package io.quiesce.jobs.maintenance;

import io.quiesce.jobs.config.JobsConfig;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/** Every joining server registers the jobs; an unchanged cron expression is left alone so that its next fire time is kept. */
public final class MaintenanceJobs {

    public static final String GROUP = "maintenance";

    private MaintenanceJobs() {}

    public static void register(Scheduler scheduler, JobsConfig config) throws SchedulerException {
        schedule(scheduler, RetentionPurgeJob.class, RetentionPurgeJob.NAME, config.purgeCron());
        schedule(scheduler, InstanceReconcileJob.class, InstanceReconcileJob.NAME, config.reconcileCron());
    }

    private static void schedule(Scheduler scheduler, Class<? extends Job> type, String name, String cron)
            throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(name, GROUP);
        if (scheduler.getTrigger(key) instanceof CronTrigger existing
                && existing.getCronExpression().equals(cron)) {
            return;
        }
        JobDetail job = JobBuilder.newJob(type)
                .withIdentity(name, GROUP)
                .storeDurably()
                .requestRecovery()
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(job)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron)
                        .inTimeZone(TimeZone.getTimeZone("UTC"))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        try {
            scheduler.scheduleJob(job, Set.of(trigger), true);
        } catch (ObjectAlreadyExistsException e) {
            // Another server registered it at the same moment: one copy is all the cluster needs.
        }
    }
}
