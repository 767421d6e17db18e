package io.quiesce.api.schedules;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemMappers;
import io.quiesce.api.problem.TryLater;
import io.quiesce.jobs.schedule.InvalidScheduleException;
import io.quiesce.jobs.schedule.SchedulerUnavailableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The jobs module's refusals of a schedule as problem documents, each with its own stable type. */
public final class ScheduleProblems {

    private ScheduleProblems() {
    }

    /** A well-formed request with a cron expression or zone that cannot be scheduled. */
    static Problem invalid(InvalidScheduleException e) {
        return Problem.unprocessable("invalid-schedule", e.getMessage())
                .withErrors(e.errors().stream().map(err -> new Problem.InvalidField(err.field(), err.message())).toList());
    }

    /** 422 {@code invalid-schedule} naming cron and/or timeZone. */
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
            return TryLater.response("scheduler-unavailable", "The scheduler is unavailable on this server; retry later "
                    + "(a create with the same Idempotency-Key cannot create a second schedule).", e, uri);
        }
    }
}
