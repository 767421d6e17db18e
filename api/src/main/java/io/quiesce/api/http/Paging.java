package io.quiesce.api.http;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemMappers;
import io.quiesce.database.paging.InvalidCursorException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** Shared by every list endpoint: instances and schedules page with the same cursor. */
public final class Paging {

    public static final String DEFAULT_LIMIT = "50";
    public static final int MAX_LIMIT = 200;
    public static final String LIMIT_PATTERN = "[0-9]{1,3}";
    public static final String LIMIT_MESSAGE = "must be a whole number from 1 to 200";
    public static final String CURSOR_PATTERN = "[A-Za-z0-9_-]{1,512}";
    public static final String CURSOR_MESSAGE = "must be a cursor returned by a previous page";

    private Paging() {}

    public static Problem invalidCursor(InvalidCursorException e) {
        return Problem.of("invalid-cursor", Response.Status.BAD_REQUEST, e.getMessage())
                .withErrors(List.of(new Problem.InvalidField("cursor", CURSOR_MESSAGE)));
    }

    @Provider
    public static class InvalidCursor implements ExceptionMapper<InvalidCursorException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(InvalidCursorException e) {
            return invalidCursor(e).at(ProblemMappers.path(uri)).toResponse();
        }
    }
}
