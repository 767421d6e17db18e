package io.quiesce.jobs.maintenance;

import io.quiesce.database.paging.PageCursor;
import io.quiesce.jobs.config.JobsConfig;
import io.quiesce.jobs.fire.FireContext;
import io.quiesce.jobs.telemetry.JobOutcome;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.workflow.instance.InstanceReconciler;
import io.quiesce.workflow.instance.InstanceStorageException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.PersistJobDataAfterExecution;

/**
 * Each fire checks one bounded batch of long-RUNNING instances against Temporal and continues where the previous fire
 * stopped, on whichever server fires it: the position lives in the job's data, which Quartz stores with the job.
 */
@DisallowConcurrentExecution
@PersistJobDataAfterExecution
public final class InstanceReconcileJob implements InterruptableJob {

    public static final String NAME = "instance-reconcile";
    static final String AFTER = "after";

    private final InstanceReconciler reconciler;
    private final JobsConfig config;
    private final EventLog log;
    private final AtomicBoolean stop = new AtomicBoolean();

    public InstanceReconcileJob(InstanceReconciler reconciler, JobsConfig config, EventLog log) {
        this.reconciler = reconciler;
        this.config = config;
        this.log = log;
    }

    @Override
    public void interrupt() {
        stop.set(true);
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getJobDetail().getJobDataMap();
        PageCursor after = position(data.getString(AFTER));
        InstanceReconciler.Pass pass;
        String node = FireContext.node(context);
        try {
            pass = reconciler.reconcile(after, config.reconcileQuietPeriod(), config.reconcileBatchSize(), stop::get);
        } catch (InstanceStorageException e) {
            log.warn("jobs.reconcile_failed", EventLog.fields("error", EventLog.describe(e), "node", node));
            context.setResult(JobOutcome.UNAVAILABLE);
            return;
        }
        if (pass.next() == null) {
            data.remove(AFTER);
        } else {
            data.put(AFTER, pass.next().encode());
        }
        for (InstanceReconciler.Correction c : pass.corrections()) {
            log.warn(
                    "jobs.instance_reconciled",
                    EventLog.fields(
                            "instance_id",
                            c.id(),
                            "type",
                            c.type(),
                            "temporal_status",
                            c.temporalStatus(),
                            "was",
                            "RUNNING",
                            "now",
                            c.status() == null ? "removed" : c.status(),
                            "node",
                            node));
        }
        if (pass.unavailable() != null) {
            context.setResult(JobOutcome.UNAVAILABLE);
            log.warn(
                    "jobs.reconcile_failed",
                    EventLog.fields(
                            "checked",
                            pass.checked(),
                            "corrected",
                            pass.corrections().size(),
                            "error",
                            EventLog.describe(pass.unavailable()),
                            "node",
                            node));
        } else if (!pass.corrections().isEmpty()) {
            log.info(
                    "jobs.reconcile_pass",
                    EventLog.fields(
                            "checked",
                            pass.checked(),
                            "corrected",
                            pass.corrections().size(),
                            "wrapped",
                            pass.next() == null,
                            "node",
                            node));
        }
    }

    /** A position this code cannot read (another version's) starts the walk over instead of stopping it for good. */
    private static PageCursor position(String encoded) {
        if (encoded == null) {
            return null;
        }
        try {
            return PageCursor.decode(encoded);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
