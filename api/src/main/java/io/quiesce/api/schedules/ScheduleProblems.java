package io.quiesce.api.schedules;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemMappers;
import io.quiesce.api.problem.TryLater;
import io.quiesce.jobs.schedule.InvalidScheduleException;
import io.quiesce.jobs.schedule.SchedulerUnavailableException;
import io.quiesce.lifecycle.log.EventLog;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

public final class ScheduleProblems {

    private ScheduleProblems() {}

    static Problem invalid(InvalidScheduleException e) {
        return Problem.unprocessable("invalid-schedule", e.getMessage())
                .withErrors(e.errors().stream()
                        .map(err -> new Problem.InvalidField(err.field(), err.message()))
                        .toList());
    }

    @Provider
    public static class InvalidSchedule implements ExceptionMapper<InvalidScheduleException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(InvalidScheduleException e) {
            return invalid(e).at(ProblemMappers.path(uri)).toResponse();
        }
    }

    @Provider
    public static class SchedulerUnavailable implements ExceptionMapper<SchedulerUnavailableException> {
        @Context
        UriInfo uri;

        @Inject
        EventLog log;

        @Override
        public Response toResponse(SchedulerUnavailableException e) {
            return TryLater.response(
                    "scheduler-unavailable",
                    "The scheduler is unavailable on this server; retry later "
                            + "(a create with the same Idempotency-Key cannot create a second schedule).",
                    e,
                    uri,
                    log);
        }
    }
}
