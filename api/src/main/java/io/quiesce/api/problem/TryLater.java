package io.quiesce.api.problem;

import io.quiesce.lifecycle.log.EventLog;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The one answer to a request that this server cannot serve now but may soon: 503 with {@code Retry-After} and a
 * problem document, and a warning with the cause in the event log (the client never sees the cause). Temporal, the
 * database or this server's scheduler being unavailable are all answered here, so that they differ only in their type.
 */
public final class TryLater {

    static final String RETRY_AFTER_SECONDS = "5";

    private TryLater() {
    }

    /** @param detail what the client should know: what was (not) done, and how to retry */
    public static Response response(String slug, String detail, RuntimeException cause, UriInfo uri) {
        String path = ProblemMappers.path(uri);
        ProblemMappers.log().warn("api.unavailable", EventLog.fields("problem", slug, "path", path,
                "error", EventLog.describe(cause)));
        return Response.fromResponse(problem(slug, detail).at(path).toResponse())
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    static Problem problem(String slug, String detail) {
        return Problem.of(slug, Response.Status.SERVICE_UNAVAILABLE, detail);
    }
}
