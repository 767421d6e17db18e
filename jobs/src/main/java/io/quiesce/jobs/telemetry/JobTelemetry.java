package io.quiesce.jobs.telemetry;

import static io.quiesce.jobs.telemetry.JobsTelemetryNames.EVENT_ABANDONED;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.EVENT_INTERRUPT;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.FIRE_INSTANCE_ID;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.FIRE_TIME;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOB_GROUP;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOB_KIND;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.JOB_NAME;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.NODE;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.OUTCOME;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.RECOVERING;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.SCHEDULED_FIRE_TIME;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.SCHEDULE_ATTEMPT;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.SCHEDULE_FIRE;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.SCHEDULE_FIRE_TIME;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.SCHEDULE_ID;
import static io.quiesce.jobs.telemetry.JobsTelemetryNames.SPAN_PREFIX;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quiesce.jobs.fire.FireContext;
import io.quiesce.lifecycle.log.EventLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;

/**
 * One span and the metrics of every job execution, as a job listener: Quartz calls it on the job's own thread right
 * before and after {@code execute}, so the span is current while the job runs (a schedule fire's workflow start joins
 * its trace) and the job instance stays the job's own (the shutdown's cooperative interrupt looks at its type). The
 * listener never throws: a listener's exception would make Quartz skip the job.
 */
public final class JobTelemetry extends JobListenerSupport {

    private static final String RUN = JobTelemetry.class.getName() + ".run";

    private final Tracer tracer;
    private final JobMetrics metrics;
    private final EventLog log;

    /** Resolves the tracer and meter at once, on the constructing (application) thread, as Liberty's producer needs. */
    public JobTelemetry(OpenTelemetry openTelemetry, EventLog log) {
        this.tracer = openTelemetry.getTracer(JobsTelemetryNames.SCOPE);
        this.metrics = new JobMetrics(openTelemetry.getMeter(JobsTelemetryNames.SCOPE));
        this.log = log;
    }

    /** The span and scope of one execution; ended once, by the job's thread or by the scheduler's stop. */
    private static final class Run {
        final String kind;
        final Span span;
        final Scope scope;
        final AtomicBoolean ended = new AtomicBoolean();

        Run(String kind, Span span, Scope scope) {
            this.kind = kind;
            this.span = span;
            this.scope = scope;
        }
    }

    @Override
    public String getName() {
        return "quiesce-job-telemetry";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
        try {
            String kind = kind(context);
            boolean recovering = context.isRecovering();
            SpanBuilder span = tracer.spanBuilder(SPAN_PREFIX + kind)
                    .setNoParent()
                    .setAttribute(JOB_KIND, kind)
                    .setAttribute(JOB_NAME, context.getJobDetail().getKey().getName())
                    .setAttribute(JOB_GROUP, context.getJobDetail().getKey().getGroup())
                    .setAttribute(FIRE_INSTANCE_ID, context.getFireInstanceId())
                    .setAttribute(SCHEDULED_FIRE_TIME, iso(context.getScheduledFireTime()))
                    .setAttribute(FIRE_TIME, iso(context.getFireTime()))
                    .setAttribute(RECOVERING, recovering)
                    .setAttribute(NODE, FireContext.node(context));
            if (SCHEDULE_FIRE.equals(kind)) {
                Instant due = FireContext.scheduledFireTime(context);
                span.setAttribute(SCHEDULE_ID, context.getJobDetail().getKey().getName())
                        .setAttribute(SCHEDULE_FIRE_TIME, due.toString())
                        .setAttribute(SCHEDULE_ATTEMPT, (long) FireContext.attempt(context));
                metrics.scheduleFired(Duration.between(due, fired(context)), recovering);
            }
            Span started = span.startSpan();
            context.put(RUN, new Run(kind, started, started.makeCurrent()));
            metrics.started(kind, recovering);
        } catch (RuntimeException e) {
            failed(context, e);
        }
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
        if (!(context.get(RUN) instanceof Run run)) {
            return;
        }
        try {
            JobOutcome outcome = failure != null
                    ? JobOutcome.FAILED
                    : context.getResult() instanceof JobOutcome o ? o : JobOutcome.COMPLETED;
            if (failure != null) {
                run.span.recordException(failure);
            }
            end(run, outcome);
        } catch (RuntimeException e) {
            failed(context, e);
        } finally {
            run.scope.close();
        }
    }

    /** Before the shutdown asks the job to stop at its next checkpoint: a prompt job may end its span right after. */
    public void interrupting(JobExecutionContext context) {
        if (context.get(RUN) instanceof Run run) {
            run.span.addEvent(EVENT_INTERRUPT);
        }
    }

    /** The job took the shutdown's request to stop. */
    public void interrupted(JobExecutionContext context) {
        metrics.interrupted(kind(context));
    }

    /** The scheduler stopped with the job running: its span ends now, or it would never be exported. */
    public void abandoned(JobExecutionContext context) {
        if (context.get(RUN) instanceof Run run) {
            metrics.abandoned(run.kind);
            run.span.addEvent(EVENT_ABANDONED);
            end(run, JobOutcome.ABANDONED);
        }
    }

    private void end(Run run, JobOutcome outcome) {
        if (!run.ended.compareAndSet(false, true)) {
            return;
        }
        run.span.setAttribute(OUTCOME, outcome.value());
        if (outcome.error()) {
            run.span.setStatus(StatusCode.ERROR, outcome.value());
        }
        run.span.end();
        metrics.ended(run.kind);
        if (SCHEDULE_FIRE.equals(run.kind)) {
            metrics.scheduleFireEnded(outcome);
        }
    }

    /** Stable and few: a schedule's job name is its id, so every schedule fire is of one kind. */
    static String kind(JobExecutionContext context) {
        return FireContext.isScheduleFire(context)
                ? SCHEDULE_FIRE
                : context.getJobDetail().getKey().getName();
    }

    private static Instant fired(JobExecutionContext context) {
        return context.getFireTime() == null
                ? Instant.now()
                : context.getFireTime().toInstant();
    }

    private static String iso(Date date) {
        return date == null ? "" : date.toInstant().toString();
    }

    private void failed(JobExecutionContext context, RuntimeException e) {
        log.warn(
                "jobs.telemetry_failed",
                EventLog.fields("job", context.getJobDetail().getKey(), "error", EventLog.describe(e)));
    }
}
