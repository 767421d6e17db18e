package io.quiesce.jobs.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.quiesce.database.paging.PageCursor;
import io.quiesce.jobs.config.JobsConfig;
import io.quiesce.jobs.testing.SchedulerNodes;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.workflow.instance.InstanceReconciler;
import io.quiesce.workflow.instance.InstanceStatus;
import io.quiesce.workflow.instance.WorkflowUnavailableException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/** The walk's position survives between fires in the job's data, a failed pass keeps it, the end starts over. */
class InstanceReconcileJobTest {

    private static final JobsConfig CONFIG = SchedulerNodes.config("reconcile", "node-1", 1);
    private static final PageCursor FIRST = new PageCursor(Instant.parse("2026-11-30T10:00:00Z"), "a");
    private static final PageCursor SECOND = new PageCursor(Instant.parse("2026-11-30T11:00:00Z"), "b");

    private final InstanceReconciler reconciler = mock(InstanceReconciler.class);
    private final InstanceReconcileJob job =
            new InstanceReconcileJob(reconciler, CONFIG, EventLog.named("io.quiesce.jobs.test", LogFormat.TEXT));
    private final JobDetail detail = JobBuilder.newJob(InstanceReconcileJob.class)
            .withIdentity("instance-reconcile")
            .build();

    private JobExecutionContext context() throws SchedulerException {
        JobExecutionContext context = mock(JobExecutionContext.class);
        Scheduler scheduler = mock(Scheduler.class);
        when(scheduler.getSchedulerInstanceId()).thenReturn("node-1");
        when(context.getScheduler()).thenReturn(scheduler);
        when(context.getJobDetail()).thenReturn(detail);
        return context;
    }

    @Test
    void eachFireContinuesWhereThePreviousStoppedAndTheEndStartsOver() throws Exception {
        when(reconciler.reconcile(isNull(), eq(CONFIG.reconcileQuietPeriod()), eq(10), any()))
                .thenReturn(new InstanceReconciler.Pass(10, List.of(), FIRST, null));
        when(reconciler.reconcile(eq(FIRST), any(), anyInt(), any()))
                .thenReturn(new InstanceReconciler.Pass(
                        10,
                        List.of(new InstanceReconciler.Correction("b", "report", "TERMINATED", InstanceStatus.FAILED)),
                        SECOND,
                        null));
        when(reconciler.reconcile(eq(SECOND), any(), anyInt(), any()))
                .thenReturn(new InstanceReconciler.Pass(3, List.of(), null, null));

        job.execute(context());
        assertThat(detail.getJobDataMap().getString(InstanceReconcileJob.AFTER)).isEqualTo(FIRST.encode());
        job.execute(context());
        assertThat(detail.getJobDataMap().getString(InstanceReconcileJob.AFTER)).isEqualTo(SECOND.encode());
        job.execute(context());
        assertThat(detail.getJobDataMap().containsKey(InstanceReconcileJob.AFTER))
                .isFalse();
    }

    @Test
    void aPassTemporalStoppedAnsweringKeepsThePositionItReached() throws Exception {
        detail.getJobDataMap().put(InstanceReconcileJob.AFTER, FIRST.encode());
        when(reconciler.reconcile(eq(FIRST), any(), anyInt(), any()))
                .thenReturn(new InstanceReconciler.Pass(
                        1,
                        List.of(new InstanceReconciler.Correction("b", "report", "CANCELED", InstanceStatus.CANCELLED)),
                        SECOND,
                        new WorkflowUnavailableException("Temporal did not describe workflow c", null)));

        job.execute(context());

        assertThat(detail.getJobDataMap().getString(InstanceReconcileJob.AFTER)).isEqualTo(SECOND.encode());
    }

    @Test
    void aPositionThisVersionCannotReadStartsOver() throws Exception {
        detail.getJobDataMap().put(InstanceReconcileJob.AFTER, "not a cursor");
        when(reconciler.reconcile(isNull(), any(), anyInt(), any()))
                .thenReturn(new InstanceReconciler.Pass(0, List.of(), null, null));

        job.execute(context());

        assertThat(detail.getJobDataMap().containsKey(InstanceReconcileJob.AFTER))
                .isFalse();
    }
}
