package io.quiesce.api.http;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemMappers;
import io.quiesce.workflow.instance.InvalidCursorException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/**
 * The {@code limit} and {@code cursor} query parameters every list endpoint validates the same way, and the one answer
 * to a cursor that passed the pattern but that no page handed out.
 */
public final class Paging {

    public static final String DEFAULT_LIMIT = "50";
    public static final int MAX_LIMIT = 200;
    public static final String LIMIT_PATTERN = "[0-9]{1,3}";
    public static final String LIMIT_MESSAGE = "must be a whole number from 1 to 200";
    public static final String CURSOR_PATTERN = "[A-Za-z0-9_-]{1,512}";
    public static final String CURSOR_MESSAGE = "must be a cursor returned by a previous page";

    private Paging() {
    }

    /** 400 {@code invalid-cursor} naming {@code cursor}. */
    public static Problem invalidCursor(InvalidCursorException e) {
        return Problem.of("invalid-cursor", Response.Status.BAD_REQUEST, e.getMessage())
                .withErrors(List.of(new Problem.InvalidField("cursor", CURSOR_MESSAGE)));
    }

    /** For every list: instances and schedules page with the same cursor. */
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
