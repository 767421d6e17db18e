package io.quiesce.api.problem;

import io.quiesce.lifecycle.log.EventLog;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Every unavailable dependency answers here, differing only in type; the cause is logged, never shown to clients. */
public final class TryLater {

    static final String RETRY_AFTER_SECONDS = "5";

    private TryLater() {}

    /** @param detail what the client should know: what was (not) done, and how to retry */
    public static Response response(String slug, String detail, Exception cause, UriInfo uri, EventLog log) {
        String path = ProblemMappers.path(uri);
        log.warn("api.unavailable", EventLog.fields("problem", slug, "path", path, "error", EventLog.describe(cause)));
        return Response.fromResponse(problem(slug, detail).at(path).toResponse())
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build();
    }

    static Problem problem(String slug, String detail) {
        return Problem.of(slug, Response.Status.SERVICE_UNAVAILABLE, detail);
    }
}
