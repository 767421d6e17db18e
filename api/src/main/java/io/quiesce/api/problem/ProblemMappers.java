package io.quiesce.api.problem;

import io.quiesce.lifecycle.log.EventLog;
import jakarta.enterprise.concurrent.AbortedException;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/** Turns every error the API can produce into {@code application/problem+json}; no stack trace ever reaches a client. */
public final class ProblemMappers {

    private ProblemMappers() {}

    @Provider
    public static class Explicit implements ExceptionMapper<ProblemException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(ProblemException e) {
            return e.problem().at(path(uri)).toResponse();
        }
    }

    @Provider
    public static class Validation implements ExceptionMapper<ConstraintViolationException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(ConstraintViolationException e) {
            List<Problem.InvalidField> errors = e.getConstraintViolations().stream()
                    .map(v -> new Problem.InvalidField(field(v), v.getMessage()))
                    .distinct()
                    .sorted(Comparator.comparing(Problem.InvalidField::field))
                    .toList();
            return Problem.invalidFields(errors).at(path(uri)).toResponse();
        }

        /** The last node of {@code sleep.seconds} is the parameter's name (compiled with -parameters) or argN. */
        private static String field(ConstraintViolation<?> violation) {
            String last = null;
            for (Path.Node node : violation.getPropertyPath()) {
                last = node.getName();
            }
            return last == null ? "request" : last;
        }
    }

    /** A problem a body reader threw, which RESTEasy may hand over wrapped. */
    private static Optional<Problem> wrappedProblem(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return Optional.of(problem.problem());
            }
        }
        return Optional.empty();
    }

    /** RESTEasy wraps a body it cannot read (not JSON, empty) in a plain 400. */
    private static boolean causedByUnreadableBody(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonException || cause instanceof NoContentException) {
                return true;
            }
        }
        return false;
    }

    private static Response malformedJson(UriInfo uri) {
        return Problem.of("malformed-json", Response.Status.BAD_REQUEST, "The request body is empty or not valid JSON.")
                .at(path(uri))
                .toResponse();
    }

    @Provider
    public static class MalformedJson implements ExceptionMapper<JsonException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(JsonException e) {
            return malformedJson(uri);
        }
    }

    @Provider
    public static class Http implements ExceptionMapper<WebApplicationException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(WebApplicationException e) {
            Optional<Problem> wrapped = wrappedProblem(e);
            if (wrapped.isPresent()) {
                return wrapped.get().at(path(uri)).toResponse();
            }
            if (e.getResponse().hasEntity()
                    && Problem.MEDIA_TYPE.isCompatible(e.getResponse().getMediaType())) {
                return e.getResponse();
            }
            if (e.getResponse().getStatus() == 400 && causedByUnreadableBody(e)) {
                return malformedJson(uri);
            }
            Response.StatusType status = e.getResponse().getStatusInfo();
            return Problem.ofStatus(status, status.getReasonPhrase())
                    .at(path(uri))
                    .toResponse();
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Context
        UriInfo uri;

        @Inject
        EventLog log;

        @Override
        public Response toResponse(RuntimeException e) {
            Optional<Problem> wrapped = wrappedProblem(e);
            if (wrapped.isPresent()) {
                return wrapped.get().at(path(uri)).toResponse();
            }
            StringWriter stack = new StringWriter();
            e.printStackTrace(new PrintWriter(stack));
            log.error(
                    "api.unexpected_error",
                    EventLog.fields("path", path(uri), "error", EventLog.describe(e), "stack", stack));
            return Problem.of("server-error", Response.Status.INTERNAL_SERVER_ERROR, "An unexpected error occurred.")
                    .at(path(uri))
                    .toResponse();
        }
    }

    /**
     * An API executor refused the request (its queue is full) or aborted it (it waited in the queue too long), or the
     * application's own executor refused work at its shutdown: this server cannot take it now, another may.
     */
    @Provider
    public static class Busy implements ExceptionMapper<RejectedExecutionException> {
        @Context
        UriInfo uri;

        @Inject
        EventLog log;

        @Override
        public Response toResponse(RejectedExecutionException e) {
            return TryLater.response(
                    "server-busy", "The server is busy and did not start this request; retry later.", e, uri, log);
        }
    }

    @Provider
    public static class Aborted implements ExceptionMapper<AbortedException> {
        @Context
        UriInfo uri;

        @Inject
        EventLog log;

        @Override
        public Response toResponse(AbortedException e) {
            return TryLater.response(
                    "server-busy", "The server is busy and did not start this request; retry later.", e, uri, log);
        }
    }

    public static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
