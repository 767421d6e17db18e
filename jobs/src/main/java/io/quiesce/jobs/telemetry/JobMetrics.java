package io.quiesce.jobs.telemetry;

import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOBS_ABANDONED;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOBS_INTERRUPTED;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOBS_RECOVERED;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOBS_RUNNING;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOB_KIND;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.OUTCOME;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.RECOVERING;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.SCHEDULE_FIRES;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.SCHEDULE_LATENESS;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.UNIT_FIRE;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.UNIT_JOB;
import static io.quiesce.lifecycle.telemetry.TelemetryNames.UNIT_SECONDS;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;
import java.util.List;

/** The jobs' instruments; every attribute has a handful of values (job kinds, outcomes), never an id. */
final class JobMetrics {

    /** From a prompt fire (tens of ms) through a recovery after a crash (~8 s) to retries with growing pauses. */
    static final List<Double> LATENESS_BUCKETS =
            List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0);

    private static final AttributeKey<String> KIND = AttributeKey.stringKey(JOB_KIND);
    private static final AttributeKey<String> OUTCOME_KEY = AttributeKey.stringKey(OUTCOME);
    private static final AttributeKey<Boolean> RECOVERING_KEY = AttributeKey.booleanKey(RECOVERING);

    private final LongUpDownCounter running;
    private final LongCounter recovered;
    private final LongCounter interrupted;
    private final LongCounter abandoned;
    private final LongCounter fires;
    private final DoubleHistogram lateness;

    JobMetrics(Meter meter) {
        running = meter.upDownCounterBuilder(JOBS_RUNNING)
                .setUnit(UNIT_JOB)
                .setDescription("Job executions running on this server")
                .build();
        recovered = meter.counterBuilder(JOBS_RECOVERED)
                .setUnit(UNIT_JOB)
                .setDescription("Job executions that re-ran here a job interrupted by a crashed server")
                .build();
        interrupted = meter.counterBuilder(JOBS_INTERRUPTED)
                .setUnit(UNIT_JOB)
                .setDescription("Cooperative jobs asked by the shutdown to stop at their next checkpoint")
                .build();
        abandoned = meter.counterBuilder(JOBS_ABANDONED)
                .setUnit(UNIT_JOB)
                .setDescription("Jobs still running when the scheduler's shutdown budget ran out")
                .build();
        fires = meter.counterBuilder(SCHEDULE_FIRES)
                .setUnit(UNIT_FIRE)
                .setDescription("Fires of cron schedules, by outcome")
                .build();
        lateness = meter.histogramBuilder(SCHEDULE_LATENESS)
                .setUnit(UNIT_SECONDS)
                .setDescription("How long after the schedule's fire time its fire ran")
                .setExplicitBucketBoundariesAdvice(LATENESS_BUCKETS)
                .build();
    }

    void started(String kind, boolean recovering) {
        Attributes attributes = Attributes.of(KIND, kind);
        running.add(1, attributes);
        if (recovering) {
            recovered.add(1, attributes);
        }
    }

    void ended(String kind) {
        running.add(-1, Attributes.of(KIND, kind));
    }

    void scheduleFired(Duration late, boolean recovering) {
        lateness.record(Math.max(0, late.toNanos()) / 1e9, Attributes.of(RECOVERING_KEY, recovering));
    }

    void scheduleFireEnded(JobOutcome outcome) {
        fires.add(1, Attributes.of(OUTCOME_KEY, outcome.value()));
    }

    void interrupted(String kind) {
        interrupted.add(1, Attributes.of(KIND, kind));
    }

    void abandoned(String kind) {
        abandoned.add(1, Attributes.of(KIND, kind));
    }
}
