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

/**
 * Registers the maintenance jobs in the clustered store when a server joins: the retention purge on
 * {@code quiesce.jobs.purge.cron} (UTC). Every server does it and the store holds one copy; a changed expression (a new
 * version rolling out) replaces the trigger, an unchanged one is left alone so that its next fire time is kept.
 */
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
