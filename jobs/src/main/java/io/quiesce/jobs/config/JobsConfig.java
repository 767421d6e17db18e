package io.quiesce.jobs.config;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.ConfigReader;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Validated once when the scheduler starts, so that a bad value stops the application with a message naming the property.
 *
 * @param schedulerName   the Quartz cluster: servers with the same name share schedules and jobs
 * @param checkinInterval a dead server's jobs are recovered about {@code checkinInterval + 7.5 s} after its last check-in
 * @param purgeCron       Quartz cron, UTC
 * @param reconcileQuietPeriod a RUNNING instance whose row has not changed for this long is checked against Temporal
 */
public record JobsConfig(
        String schedulerName,
        String instanceId,
        int threadCount,
        Duration idleWait,
        Duration checkinInterval,
        Duration misfireThreshold,
        Duration shutdownBudget,
        Duration retention,
        String purgeCron,
        int purgeBatchSize,
        Duration purgeBatchPause,
        String reconcileCron,
        int reconcileBatchSize,
        Duration reconcileQuietPeriod) {

    public static final String SCHEDULER_NAME = "quiesce.jobs.scheduler-name";
    public static final String INSTANCE_ID = "quiesce.jobs.instance-id";
    public static final String THREAD_COUNT = "quiesce.jobs.thread-count";
    public static final String IDLE_WAIT = "quiesce.jobs.idle-wait";
    public static final String CHECKIN_INTERVAL = "quiesce.jobs.checkin-interval";
    public static final String MISFIRE_THRESHOLD = "quiesce.jobs.misfire-threshold";
    public static final String SHUTDOWN_BUDGET = "quiesce.jobs.shutdown-budget";
    public static final String RETENTION = "quiesce.retention";
    public static final String PURGE_CRON = "quiesce.jobs.purge.cron";
    public static final String PURGE_BATCH_SIZE = "quiesce.jobs.purge.batch-size";
    public static final String PURGE_BATCH_PAUSE = "quiesce.jobs.purge.batch-pause";
    public static final String RECONCILE_CRON = "quiesce.jobs.reconcile.cron";
    public static final String RECONCILE_BATCH_SIZE = "quiesce.jobs.reconcile.batch-size";
    public static final String RECONCILE_QUIET_PERIOD = "quiesce.jobs.reconcile.quiet-period";

    /** Quartz's columns: {@code SCHED_NAME varchar(120)}, {@code INSTANCE_NAME varchar(200)}. */
    private static final Pattern SCHEDULER = Pattern.compile("[A-Za-z0-9._-]{1,120}");

    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9._@:-]{1,200}");

    public static JobsConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-jobs");
        String scheduler =
                config.matching(SCHEDULER_NAME, SCHEDULER, "1 to 120 letters, digits, '.', '-' or '_', e.g. quiesce");
        String instance = config.optional(INSTANCE_ID).orElseGet(JobsConfig::defaultInstanceId);
        if (!INSTANCE.matcher(instance).matches()) {
            throw ConfigException.invalid(
                    INSTANCE_ID,
                    instance,
                    "1 to 200 letters, digits, '.', '-', '_', '@' or ':' that no other "
                            + "running server uses (default: the HOSTNAME environment variable, i.e. the pod name)");
        }
        int threads = config.wholeNumber(THREAD_COUNT, 1, 64);
        Duration idleWait = config.duration(IDLE_WAIT, Duration.ofSeconds(1), Duration.ofMinutes(5));
        Duration checkin = config.duration(CHECKIN_INTERVAL, Duration.ofMillis(500), Duration.ofMinutes(5));
        Duration misfire = config.duration(MISFIRE_THRESHOLD, Duration.ofSeconds(1), Duration.ofHours(1));
        Duration budget = config.duration(SHUTDOWN_BUDGET, Duration.ZERO, Duration.ofMinutes(10));
        Duration retention = config.duration(RETENTION, Duration.ofMinutes(1), Duration.ofDays(36500));
        String cron = cron(config, PURGE_CRON, "0 17 * * * ?");
        int batchSize = config.wholeNumber(PURGE_BATCH_SIZE, 1, 10_000);
        Duration pause = config.duration(PURGE_BATCH_PAUSE, Duration.ZERO, Duration.ofMinutes(1));
        String reconcileCron = cron(config, RECONCILE_CRON, "30 * * * * ?");
        int reconcileBatch = config.wholeNumber(RECONCILE_BATCH_SIZE, 1, 1_000);
        Duration quiet = config.duration(RECONCILE_QUIET_PERIOD, Duration.ofSeconds(30), Duration.ofDays(1));
        return new JobsConfig(
                scheduler,
                instance,
                threads,
                idleWait,
                checkin,
                misfire,
                budget,
                retention,
                cron,
                batchSize,
                pause,
                reconcileCron,
                reconcileBatch,
                quiet);
    }

    private static String cron(ConfigReader config, String property, String example) {
        String cron = config.require(property).trim();
        if (!CronExpression.isValidExpression(cron)) {
            throw ConfigException.invalid(
                    property, cron, "a Quartz cron expression of 6 or 7 fields (seconds first), e.g. " + example);
        }
        return cron;
    }

    /** The pod name; a restarted pod is a new node, and its predecessor's unfinished jobs are recovered as a dead node's. */
    static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
