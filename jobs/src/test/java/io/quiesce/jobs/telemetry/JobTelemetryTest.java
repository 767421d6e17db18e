package io.quiesce.jobs.telemetry;

import static io.quiesce.jobs.telemetry.JobsTelemetryNames.EVENT_ABANDONED;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.EVENT_INTERRUPT;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOBS_ABANDONED;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOBS_INTERRUPTED;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOBS_RECOVERED;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOBS_RUNNING;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.SCHEDULE_FIRES;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.SCHEDULE_LATENESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quiesce.jobs.maintenance.MaintenanceJobs;
import io.quiesce.jobs.maintenance.RetentionPurgeJob;
import io.quiesce.jobs.schedule.ScheduleFireJob;
import io.quiesce.jobs.schedule.ScheduleService;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

/** The job listener with the in-memory SDK and Quartz's own execution context (only the scheduler is a stub). */
class JobTelemetryTest {

    private static final Instant DUE = Instant.parse("2026-12-01T10:00:00Z");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(
                    SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    private final JobTelemetry telemetry = new JobTelemetry(sdk, EventLog.named("test.jobs.telemetry", LogFormat.TEXT));

    @AfterEach
    void tearDown() {
        sdk.close();
    }

    @Test
    void aScheduleFireIsOneSpanCurrentWhileItRunsWithTheScheduleAndBothFireTimes() {
        JobDetail job = JobBuilder.newJob(ScheduleFireJob.class)
                .withIdentity("nightly-report", ScheduleService.GROUP)
                .usingJobData("quiesce.attempt", "3")
                .usingJobData("quiesce.fire-time", String.valueOf(DUE.toEpochMilli()))
                .build();
        JobExecutionContext context =
                context(job, false, DUE.plusSeconds(7), DUE.plusSeconds(7).plusMillis(250));

        telemetry.jobToBeExecuted(context);
        Span current = Span.current();
        context.setResult(JobOutcome.STARTED);
        telemetry.jobWasExecuted(context, null);

        SpanData span = single();
        assertThat(span.getName()).isEqualTo("job schedule-fire");
        assertThat(current.getSpanContext()).as("current while the job ran").isEqualTo(span.getSpanContext());
        assertThat(Span.current().getSpanContext().isValid())
                .as("no longer current after it")
                .isFalse();
        assertThat(span.getParentSpanContext().isValid()).as("a root span").isFalse();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.getAttributes().asMap())
                .containsAllEntriesOf(Attributes.builder()
                        .put("quiesce.job.kind", "schedule-fire")
                        .put("quiesce.job.name", "nightly-report")
                        .put("quiesce.job.group", "schedule")
                        .put("quiesce.job.fire_instance_id", "fire-1")
                        .put("quiesce.job.scheduled_fire_time", "2026-12-01T10:00:07Z")
                        .put("quiesce.job.fire_time", "2026-12-01T10:00:07.250Z")
                        .put("quiesce.job.recovering", false)
                        .put("quiesce.job.node", "node-a")
                        .put("quiesce.job.outcome", "started")
                        .put("quiesce.schedule.id", "nightly-report")
                        .put("quiesce.schedule.fire_time", "2026-12-01T10:00:00Z")
                        .put("quiesce.schedule.attempt", 3L)
                        .build()
                        .asMap());
        assertThat(sum(SCHEDULE_FIRES, "quiesce.job.outcome", "started")).isEqualTo(1);
        HistogramPointData lateness = metric(SCHEDULE_LATENESS)
                .getHistogramData()
                .getPoints()
                .iterator()
                .next();
        assertThat(metric(SCHEDULE_LATENESS).getUnit()).isEqualTo("s");
        assertThat(lateness.getSum())
                .as("fire time minus the schedule's fire time")
                .isEqualTo(7.25);
        assertThat(sum(JOBS_RUNNING, "quiesce.job.kind", "schedule-fire")).isZero();
    }

    @Test
    void aFailedRecoveredMaintenanceRunIsAnErrorSpanAndCountsAsRecovered() {
        JobDetail job = JobBuilder.newJob(RetentionPurgeJob.class)
                .withIdentity(RetentionPurgeJob.NAME, MaintenanceJobs.GROUP)
                .build();
        JobExecutionContext context = context(job, true, DUE, DUE.plusSeconds(9));

        telemetry.jobToBeExecuted(context);
        assertThat(sum(JOBS_RUNNING, "quiesce.job.kind", "retention-purge")).isEqualTo(1);
        telemetry.jobWasExecuted(context, new JobExecutionException("database down"));

        SpanData span = single();
        assertThat(span.getName()).isEqualTo("job retention-purge");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("quiesce.job.outcome")))
                .isEqualTo("failed");
        assertThat(span.getAttributes().get(AttributeKey.booleanKey("quiesce.job.recovering")))
                .isTrue();
        assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
        assertThat(sum(JOBS_RECOVERED, "quiesce.job.kind", "retention-purge")).isEqualTo(1);
        assertThat(sum(JOBS_RUNNING, "quiesce.job.kind", "retention-purge")).isZero();
        assertThat(metric(SCHEDULE_FIRES)).as("not a schedule fire").isNull();
    }

    @Test
    void theShutdownsInterruptAndAbandonmentShowOnTheSpanWhichEndsAtTheStop() {
        JobDetail job = JobBuilder.newJob(RetentionPurgeJob.class)
                .withIdentity(RetentionPurgeJob.NAME, MaintenanceJobs.GROUP)
                .build();
        JobExecutionContext context = context(job, false, DUE, DUE);

        telemetry.jobToBeExecuted(context);
        telemetry.interrupting(context);
        telemetry.interrupted(context);
        telemetry.abandoned(context);
        SpanData span = single();
        telemetry.jobWasExecuted(context, null);

        assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly(EVENT_INTERRUPT, EVENT_ABANDONED);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("quiesce.job.outcome")))
                .isEqualTo("abandoned");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(spans.getFinishedSpanItems()).as("ended once").hasSize(1);
        assertThat(Span.current().getSpanContext().isValid()).isFalse();
        assertThat(sum(JOBS_INTERRUPTED, "quiesce.job.kind", "retention-purge")).isEqualTo(1);
        assertThat(sum(JOBS_ABANDONED, "quiesce.job.kind", "retention-purge")).isEqualTo(1);
        assertThat(sum(JOBS_RUNNING, "quiesce.job.kind", "retention-purge")).isZero();
    }

    @Test
    void everyOutcomeIsLowerCaseAndOnlyFailuresAreErrors() {
        assertThat(JobOutcome.RETRY_SCHEDULED.value()).isEqualTo("retry_scheduled");
        assertThat(JobOutcome.values())
                .filteredOn(JobOutcome::error)
                .containsExactlyInAnyOrder(
                        JobOutcome.FAILED,
                        JobOutcome.REJECTED,
                        JobOutcome.CONFLICT,
                        JobOutcome.GAVE_UP,
                        JobOutcome.UNAVAILABLE,
                        JobOutcome.ABANDONED);
    }

    private SpanData single() {
        assertThat(spans.getFinishedSpanItems()).hasSize(1);
        return spans.getFinishedSpanItems().get(0);
    }

    private MetricData metric(String name) {
        return metrics.collectAllMetrics().stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElse(null);
    }

    private long sum(String name, String key, String value) {
        MetricData metric = metric(name);
        assertThat(metric).as(name).isNotNull();
        assertThat(metric.getUnit()).isEqualTo(name.contains("fires") ? "{fire}" : "{job}");
        return metric.getLongSumData().getPoints().stream()
                .filter(p -> value.equals(p.getAttributes().get(AttributeKey.stringKey(key))))
                .mapToLong(LongPointData::getValue)
                .sum();
    }

    private static JobExecutionContext context(JobDetail job, boolean recovering, Instant scheduled, Instant fired) {
        // The listener asks the scheduler for its node id only.
        Scheduler scheduler = (Scheduler) Proxy.newProxyInstance(
                Scheduler.class.getClassLoader(), new Class<?>[] {Scheduler.class}, (proxy, method, args) -> "node-a");
        OperableTrigger trigger = (OperableTrigger) TriggerBuilder.newTrigger()
                .forJob(job)
                .startAt(Date.from(scheduled))
                .build();
        trigger.setFireInstanceId("fire-1");
        TriggerFiredBundle bundle = new TriggerFiredBundle(
                job, trigger, null, recovering, Date.from(fired), Date.from(scheduled), null, null);
        return new JobExecutionContextImpl(scheduler, bundle, ignored -> {});
    }
}
