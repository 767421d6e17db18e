package io.quiesce.api.instances;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemMappers;
import io.quiesce.workflow.instance.IdempotencyConflictException;
import io.quiesce.workflow.instance.InstanceStorageException;
import io.quiesce.workflow.instance.InvalidCursorException;
import io.quiesce.workflow.instance.WorkflowUnavailableException;
import io.quiesce.workflow.types.InvalidInputException;
import io.quiesce.workflow.types.UnknownWorkflowTypeException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The workflow module's refusals as problem documents, each with its own stable type. */
public final class InstanceProblems {

    private static final Logger LOG = Logger.getLogger(InstanceProblems.class.getName());

    private InstanceProblems() {
    }

    /** 422: the body is well-formed but names a type nobody registered. */
    @Provider
    public static class UnknownType implements ExceptionMapper<UnknownWorkflowTypeException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(UnknownWorkflowTypeException e) {
            return Problem.unprocessable("unknown-workflow-type", e.getMessage())
                    .withErrors(java.util.List.of(new Problem.FieldError("type", "must be one of " + String.join(", ", e.knownTypes()))))
                    .at(ProblemMappers.path(uri)).toResponse();
        }
    }

    /** 422: the type's input has invalid fields, all of them listed. */
    @Provider
    public static class InvalidInput implements ExceptionMapper<InvalidInputException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(InvalidInputException e) {
            return Problem.unprocessable("invalid-input", e.getMessage())
                    .withErrors(e.errors().stream().map(err -> new Problem.FieldError(err.field(), err.message())).toList())
                    .at(ProblemMappers.path(uri)).toResponse();
        }
    }

    /** 422: an Idempotency-Key reused for a different request. */
    @Provider
    public static class IdempotencyConflict implements ExceptionMapper<IdempotencyConflictException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(IdempotencyConflictException e) {
            return Problem.unprocessable("idempotency-key-reused", e.getMessage()).at(ProblemMappers.path(uri)).toResponse();
        }
    }

    /** 400: a cursor that no page of this API produced. */
    @Provider
    public static class InvalidCursor implements ExceptionMapper<InvalidCursorException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(InvalidCursorException e) {
            return Problem.of("invalid-cursor", Response.Status.BAD_REQUEST, e.getMessage()).at(ProblemMappers.path(uri)).toResponse();
        }
    }

    /** 503 with Retry-After: Temporal could not be reached; nothing was written, the client may retry with its key. */
    @Provider
    public static class WorkflowUnavailable implements ExceptionMapper<WorkflowUnavailableException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(WorkflowUnavailableException e) {
            LOG.log(Level.WARNING, "event=api.workflow_unavailable path=" + ProblemMappers.path(uri) + " error=\"" + e.getMessage() + "\"");
            return Response.fromResponse(Problem.of("workflow-service-unavailable", Response.Status.SERVICE_UNAVAILABLE,
                    "The workflow service is unreachable; nothing was started. Retry with the same Idempotency-Key.")
                    .at(ProblemMappers.path(uri)).toResponse()).header("Retry-After", "5").build();
        }
    }

    /** 503: the database failed; logged with its cause here, not shown to the client. */
    @Provider
    public static class StorageUnavailable implements ExceptionMapper<InstanceStorageException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(InstanceStorageException e) {
            LOG.log(Level.WARNING, "event=api.storage_unavailable path=" + ProblemMappers.path(uri), e);
            return Response.fromResponse(Problem.of("storage-unavailable", Response.Status.SERVICE_UNAVAILABLE,
                    "The database is unreachable; retry later.").at(ProblemMappers.path(uri)).toResponse()).header("Retry-After", "5").build();
        }
    }
}
