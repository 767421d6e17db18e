package io.quiesce.api.problem;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem detail; {@code type} is a stable URN per kind of problem, so that clients can switch on it. */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
public record Problem(
        String type, String title, int status, String detail, String instance, List<InvalidField> errors) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");
    static final String TYPE_PREFIX = "urn:quiesce:problem:";

    public record InvalidField(String field, String message) {}

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(String slug, Response.StatusType status, String detail) {
        return new Problem(
                TYPE_PREFIX + slug, status.getReasonPhrase(), status.getStatusCode(), detail, null, List.of());
    }

    /** For statuses JAX-RS 3.1 has no constant for, such as 422 Unprocessable Content. */
    public static Problem of(String slug, int status, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, List.of());
    }

    /** A problem for a status alone, where no more specific type applies (JAX-RS's own errors, Liberty's error pages). */
    public static Problem ofStatus(Response.StatusType status, String detail) {
        String slug = switch (status.getStatusCode()) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            default ->
                status.getFamily() == Response.Status.Family.SERVER_ERROR
                        ? "server-error"
                        : "http-" + status.getStatusCode();
        };
        return of(slug, status, detail);
    }

    public static Problem unprocessable(String slug, String detail) {
        return of(slug, 422, "Unprocessable Content", detail);
    }

    /** 400 {@code invalid-request} naming each field in its detail and in {@code errors}. */
    public static Problem invalidFields(List<InvalidField> fieldErrors) {
        String detail = fieldErrors.stream()
                .map(e -> e.field() + " " + e.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("The request does not have the expected shape.");
        return of("invalid-request", Response.Status.BAD_REQUEST, detail).withErrors(fieldErrors);
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
