package io.quiesce.jobs.maintenance;

import io.quiesce.jobs.config.JobsConfig;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

import java.util.Set;
import java.util.TimeZone;

/** Every joining server registers the jobs; an unchanged cron expression is left alone so that its next fire time is kept. */
public final class MaintenanceJobs {

    public static final String GROUP = "maintenance";

    private MaintenanceJobs() {
    }

    public static void register(Scheduler scheduler, JobsConfig config) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(RetentionPurgeJob.NAME, GROUP);
        if (scheduler.getTrigger(key) instanceof CronTrigger existing
                && existing.getCronExpression().equals(config.purgeCron())) {
            return;
        }
        JobDetail job = JobBuilder.newJob(RetentionPurgeJob.class)
                .withIdentity(RetentionPurgeJob.NAME, GROUP)
                .storeDurably()
                .requestRecovery()
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(job)
                .withSchedule(CronScheduleBuilder.cronSchedule(config.purgeCron())
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
