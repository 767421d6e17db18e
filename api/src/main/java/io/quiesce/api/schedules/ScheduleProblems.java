package io.quiesce.api.schedules;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemMappers;
import io.quiesce.jobs.schedule.InvalidScheduleException;
import io.quiesce.jobs.schedule.SchedulerUnavailableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The jobs module's refusals of a schedule as problem documents, each with its own stable type. */
public final class ScheduleProblems {

    private static final Logger LOG = Logger.getLogger(ScheduleProblems.class.getName());

    private ScheduleProblems() {
    }

    /**
     * The service reports a bad list cursor with the same exception as a bad cron expression or zone; a cursor is a
     * malformed request (400, like the instances' list), a cron expression or zone a well-formed one it cannot schedule (422).
     */
    static Problem invalid(InvalidScheduleException e) {
        List<Problem.FieldError> errors = e.errors().stream().map(err -> new Problem.FieldError(err.field(), err.message())).toList();
        Problem problem = errors.stream().anyMatch(err -> err.field().equals("cursor"))
                ? Problem.of("invalid-cursor", Response.Status.BAD_REQUEST, e.getMessage())
                : Problem.unprocessable("invalid-schedule", e.getMessage());
        return problem.withErrors(errors);
    }

    /** 422 {@code invalid-schedule} naming cron and/or timeZone, or 400 {@code invalid-cursor}. */
    @Provider
    public static class InvalidSchedule implements ExceptionMapper<InvalidScheduleException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(InvalidScheduleException e) {
            return invalid(e).at(ProblemMappers.path(uri)).toResponse();
        }
    }

    /** 503 with Retry-After: this server's scheduler is starting or stopping, or its job store failed. */
    @Provider
    public static class SchedulerUnavailable implements ExceptionMapper<SchedulerUnavailableException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(SchedulerUnavailableException e) {
            LOG.log(Level.WARNING, "event=api.scheduler_unavailable path=" + ProblemMappers.path(uri) + " error=\""
                    + e.getMessage() + "\"", e.getCause());
            return Response.fromResponse(Problem.of("scheduler-unavailable", Response.Status.SERVICE_UNAVAILABLE,
                    "The scheduler is unavailable on this server; retry later (a create with the same Idempotency-Key "
                            + "cannot create a second schedule).")
                    .at(ProblemMappers.path(uri)).toResponse()).header("Retry-After", "5").build();
        }
    }
}
