package io.quiesce.api.problem;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** An RFC 9457 problem detail; {@code type} is a stable URN per kind of problem, so that clients can switch on it. */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
public record Problem(String type, String title, int status, String detail, String instance, List<InvalidField> errors) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");
    static final String TYPE_PREFIX = "urn:quiesce:problem:";

    public record InvalidField(String field, String message) {
    }

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(String slug, Response.StatusType status, String detail) {
        return new Problem(TYPE_PREFIX + slug, status.getReasonPhrase(), status.getStatusCode(), detail, null, List.of());
    }

    /** For statuses JAX-RS 3.1 has no constant for, such as 422 Unprocessable Content. */
    public static Problem of(String slug, int status, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, List.of());
    }

    public static Problem unprocessable(String slug, String detail) {
        return of(slug, 422, "Unprocessable Content", detail);
    }

    public Problem withErrors(List<InvalidField> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    public Problem at(String requestPath) {
        return new Problem(type, title, status, detail, requestPath, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
