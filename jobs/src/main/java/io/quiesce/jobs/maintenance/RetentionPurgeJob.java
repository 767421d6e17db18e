package io.quiesce.jobs.maintenance;

import io.quiesce.jobs.config.JobsConfig;
import io.quiesce.jobs.fire.FireContext;
import io.quiesce.jobs.telemetry.JobOutcome;
import io.quiesce.lifecycle.log.EventLog;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Purges in batches, each checkpointed in the same transaction as its deletions. A fire resumes an unfinished run (Quartz
 * recovers a crashed one elsewhere). A cooperative stop ends the run at a batch boundary and schedules a one-shot trigger
 * that resumes it elsewhere: Quartz never recovers a job that ended gracefully.
 */
@DisallowConcurrentExecution
public final class RetentionPurgeJob implements InterruptableJob {

    public static final String NAME = "retention-purge";

    private final PurgeStore store;
    private final JobsConfig config;
    private final EventLog log;
    private final CountDownLatch stop = new CountDownLatch(1);

    public RetentionPurgeJob(PurgeStore store, JobsConfig config, EventLog log) {
        this.store = store;
        this.config = config;
        this.log = log;
    }

    @Override
    public void interrupt() {
        stop.countDown();
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String node = FireContext.node(context);
        try {
            Optional<PurgeStore.Run> unfinished = store.unfinished(NAME);
            PurgeStore.Run run;
            if (unfinished.isPresent()) {
                run = unfinished.get();
            } else {
                Instant cutoff = Instant.now().minus(config.retention());
                if (!store.anythingOlderThan(cutoff)) {
                    return;
                }
                run = store.begin(NAME, cutoff);
            }
            PurgeStore.Checkpoint checkpoint = store.checkpoint(run.id());
            log.info(
                    checkpoint.batch() == 0 ? "jobs.purge_started" : "jobs.purge_resumed",
                    EventLog.fields(
                            "run_id",
                            run.id(),
                            "cutoff",
                            run.cutoff(),
                            "after_batch",
                            checkpoint.batch(),
                            "recovering",
                            context.isRecovering(),
                            "node",
                            node));
            purge(context, run, checkpoint, node);
        } catch (SQLException e) {
            throw new JobExecutionException(
                    "Retention purge failed; its run resumes from its checkpoint at the next fire", e);
        }
    }

    private void purge(JobExecutionContext context, PurgeStore.Run run, PurgeStore.Checkpoint from, String node)
            throws SQLException, JobExecutionException {
        PurgeStore.Checkpoint checkpoint = from;
        long deleted = 0;
        while (true) {
            if (stop.getCount() == 0) {
                resumeElsewhere(context, run, checkpoint, deleted, node);
                return;
            }
            Optional<PurgeStore.Checkpoint> next = store.purgeBatch(run, checkpoint, config.purgeBatchSize(), node);
            if (next.isEmpty()) {
                store.complete(run);
                log.info(
                        "jobs.purge_completed",
                        EventLog.fields(
                                "run_id",
                                run.id(),
                                "batches",
                                checkpoint.batch(),
                                "deleted_here",
                                deleted,
                                "node",
                                node));
                return;
            }
            checkpoint = next.get();
            deleted += checkpoint.rows();
            pause();
        }
    }

    private void pause() {
        try {
            if (!config.purgeBatchPause().isZero()) {
                // Throttling, not waiting for a state: an interrupt ends the pause at once.
                stop.await(config.purgeBatchPause().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }

    private void resumeElsewhere(
            JobExecutionContext context,
            PurgeStore.Run run,
            PurgeStore.Checkpoint checkpoint,
            long deleted,
            String node)
            throws JobExecutionException {
        Trigger resume = TriggerBuilder.newTrigger()
                .withIdentity("resume-" + run.id() + "-" + checkpoint.batch(), MaintenanceJobs.GROUP)
                .forJob(context.getJobDetail().getKey())
                .startNow()
                .build();
        try {
            context.getScheduler().scheduleJob(resume);
            context.setResult(JobOutcome.CHECKPOINTED);
        } catch (SchedulerException e) {
            throw new JobExecutionException(
                    "Purge run " + run.id() + " stopped after batch " + checkpoint.batch()
                            + " and could not schedule its resumption; the next fire resumes it",
                    e);
        }
        log.info(
                "jobs.purge_checkpointed",
                EventLog.fields(
                        "run_id",
                        run.id(),
                        "batch",
                        checkpoint.batch(),
                        "deleted_here",
                        deleted,
                        "node",
                        node,
                        "resume_trigger",
                        resume.getKey()));
    }
}
