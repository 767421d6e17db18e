package io.quiesce.jobs.testing;

import io.opentelemetry.api.OpenTelemetry;
import io.quiesce.jobs.config.JobsConfig;
import io.quiesce.jobs.quartz.JobRegistry;
import io.quiesce.jobs.quartz.JobScheduler;
import io.quiesce.jobs.telemetry.JobTelemetry;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Started;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.quartz.Job;

/** Quartz nodes for the jobs module's tests: the application's constructor, fast cluster timings, daemon threads. */
public final class SchedulerNodes {

    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    };

    private SchedulerNodes() {}

    public static JobsConfig config(String cluster, String node, int threads) {
        Map<String, String> values = new HashMap<>(Map.of(
                JobsConfig.SCHEDULER_NAME,
                cluster,
                JobsConfig.INSTANCE_ID,
                node,
                JobsConfig.THREAD_COUNT,
                String.valueOf(threads),
                JobsConfig.IDLE_WAIT,
                "1s",
                JobsConfig.CHECKIN_INTERVAL,
                "1s",
                JobsConfig.MISFIRE_THRESHOLD,
                "5s",
                JobsConfig.SHUTDOWN_BUDGET,
                "2s",
                JobsConfig.RETENTION,
                "30d",
                JobsConfig.PURGE_CRON,
                "0 0 0 1 1 ? 2099",
                JobsConfig.PURGE_BATCH_SIZE,
                "10"));
        values.put(JobsConfig.PURGE_BATCH_PAUSE, "0");
        values.put(JobsConfig.RECONCILE_CRON, "0 0 0 1 1 ? 2099");
        values.put(JobsConfig.RECONCILE_BATCH_SIZE, "10");
        values.put(JobsConfig.RECONCILE_QUIET_PERIOD, "1m");
        return JobsConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    /** A node that has joined the cluster. */
    public static JobScheduler start(
            String cluster,
            String node,
            int threads,
            DataSource dataSource,
            Map<Class<? extends Job>, Supplier<? extends Job>> jobs) {
        return start(cluster, node, threads, dataSource, jobs, OpenTelemetry.noop());
    }

    /** A node whose jobs' spans and metrics go to {@code openTelemetry}. */
    public static JobScheduler start(
            String cluster,
            String node,
            int threads,
            DataSource dataSource,
            Map<Class<? extends Job>, Supplier<? extends Job>> jobs,
            OpenTelemetry openTelemetry) {
        EventLog log = EventLog.named("io.quiesce.jobs.it." + node, LogFormat.TEXT);
        JobScheduler scheduler = new JobScheduler(
                config(cluster, node, threads),
                dataSource,
                DAEMONS,
                () -> true,
                new JobRegistry(jobs),
                new JobTelemetry(openTelemetry, log),
                log);
        Started started = new Started();
        scheduler.start(started);
        Poll.untilTrue(node + " to join the cluster " + cluster, Duration.ofSeconds(30), started::get);
        return scheduler;
    }
}
