package io.quiesce.jobs.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quiesce.database.testing.TestDatabases;
import io.quiesce.jobs.testing.SchedulerNodes;
import io.quiesce.testkit.Poll;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quartz.InterruptableJob;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;

/**
 * Two scheduler nodes in one JVM on a real PostgreSQL: a node whose job ignores interrupts still stops within its budget
 * (the job is abandoned, never waited for without bound), and the other node recovers that job exactly once. The jobs'
 * spans show the shutdown: the interrupt on the cooperative one, and the abandoned one ended by the stop.
 */
class JobSchedulerIT {

    private static final DataSource dataSource = TestDatabases.newMigratedDatabase("job_scheduler");

    /** Ignores interrupts, as a job stuck in a blocking call would; released at the end of the test. */
    static final class StubbornJob implements Job {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static final List<Boolean> RUNS = new CopyOnWriteArrayList<>();

        @Override
        public void execute(JobExecutionContext context) {
            RUNS.add(context.isRecovering());
            if (!context.isRecovering()) {
                while (true) {
                    try {
                        RELEASE.await();
                        return;
                    } catch (InterruptedException e) {
                        // Deliberately ignored: the node must stop anyway.
                    }
                }
            }
        }
    }

    /** Runs until interrupted, as the purge does between batches. */
    static final class PoliteJob implements InterruptableJob {
        static final List<String> ENDS = new CopyOnWriteArrayList<>();
        private final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public void interrupt() {
            stop.countDown();
        }

        @Override
        public void execute(JobExecutionContext context) {
            try {
                stop.await();
                ENDS.add("interrupted");
            } catch (InterruptedException e) {
                ENDS.add("thread-interrupted");
            }
        }
    }

    @AfterAll
    static void releaseStubbornJobs() {
        StubbornJob.RELEASE.countDown();
    }

    private static JobScheduler node(String cluster, String node, OpenTelemetry openTelemetry) {
        return SchedulerNodes.start(
                cluster,
                node,
                4,
                dataSource,
                Map.of(StubbornJob.class, StubbornJob::new, PoliteJob.class, PoliteJob::new),
                openTelemetry);
    }

    private static void runNow(Scheduler scheduler, Class<? extends Job> type, String name) throws SchedulerException {
        scheduler.scheduleJob(
                JobBuilder.newJob(type)
                        .withIdentity(name, "it")
                        .requestRecovery()
                        .build(),
                TriggerBuilder.newTrigger().withIdentity(name, "it").startNow().build());
    }

    private static long firedTriggersOf(String cluster, String node) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select count(*) from qrtz_fired_triggers where sched_name = '"
                        + cluster + "' and instance_name = '" + node + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void aJobThatIgnoresInterruptsIsAbandonedWithinTheBudgetAndRecoveredOnceElsewhere() throws Exception {
        String cluster = "it-" + UUID.randomUUID().toString().substring(0, 8);
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        SdkTracerProvider tracing = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build();
        JobScheduler first = node(
                cluster,
                "first",
                OpenTelemetrySdk.builder().setTracerProvider(tracing).build());
        Scheduler quartz = first.scheduler().orElseThrow();
        runNow(quartz, StubbornJob.class, "stubborn");
        runNow(quartz, PoliteJob.class, "polite");
        Poll.untilTrue("both jobs running", Duration.ofSeconds(30), () -> {
            try {
                return quartz.getCurrentlyExecutingJobs().size() == 2;
            } catch (SchedulerException e) {
                return false;
            }
        });

        first.stopIntake();
        Map<String, Long> report =
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> first.stop(Duration.ofSeconds(2)));

        assertThat(report)
                .containsEntry("jobs_interrupted", 1L)
                .containsEntry("jobs_completed", 1L)
                .containsEntry("jobs_abandoned", 1L)
                .containsEntry("scheduler_shut_down", 1L)
                .containsEntry("acquired_triggers_left", 0L);
        assertThat(PoliteJob.ENDS).containsExactly("interrupted");
        assertThat(first.state()).isEqualTo("STOPPED");
        assertThat(firedTriggersOf(cluster, "first"))
                .as("the abandoned job's fire, left for recovery")
                .isEqualTo(1);
        assertThat(spans.getFinishedSpanItems())
                .as("both spans ended by the stop, the stubborn job still running")
                .extracting(s ->
                        s.getName() + " " + s.getAttributes().get(AttributeKey.stringKey("quiesce.job.outcome")) + " "
                                + s.getEvents().stream().map(EventData::getName).toList())
                .containsExactlyInAnyOrder(
                        "job polite completed [quiesce.job.interrupt]",
                        "job stubborn abandoned [quiesce.job.abandoned]");

        JobScheduler second = node(cluster, "second", OpenTelemetry.noop());
        try {
            Poll.untilTrue(
                    "the abandoned job to be recovered", Duration.ofSeconds(30), () -> StubbornJob.RUNS.contains(true));
            Poll.untilTrue("the recovered fire to complete", Duration.ofSeconds(10), () -> {
                try {
                    return firedTriggersOf(cluster, "first") == 0 && firedTriggersOf(cluster, "second") == 0;
                } catch (SQLException e) {
                    return false;
                }
            });
            assertThat(StubbornJob.RUNS)
                    .as("first run, then exactly one recovery")
                    .containsExactly(false, true);
        } finally {
            second.stopIntake();
            second.stop(Duration.ofSeconds(2));
        }
    }
}
