package io.quiesce.api.instances;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemMappers;
import io.quiesce.api.problem.TryLater;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.workflow.callback.CallbackStorageException;
import io.quiesce.workflow.callback.InvalidCallbackException;
import io.quiesce.workflow.instance.IdempotencyConflictException;
import io.quiesce.workflow.instance.InstanceStorageException;
import io.quiesce.workflow.instance.WorkflowUnavailableException;
import io.quiesce.workflow.types.InvalidInputException;
import io.quiesce.workflow.types.UnknownWorkflowTypeException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

public final class InstanceProblems {

    private InstanceProblems() {}

    @Provider
    public static class UnknownType implements ExceptionMapper<UnknownWorkflowTypeException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(UnknownWorkflowTypeException e) {
            return Problem.unprocessable("unknown-workflow-type", e.getMessage())
                    .withErrors(List.of(
                            new Problem.InvalidField("type", "must be one of " + String.join(", ", e.knownTypes()))))
                    .at(ProblemMappers.path(uri))
                    .toResponse();
        }
    }

    @Provider
    public static class InvalidInput implements ExceptionMapper<InvalidInputException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(InvalidInputException e) {
            return Problem.unprocessable("invalid-input", e.getMessage())
                    .withErrors(e.errors().stream()
                            .map(err -> new Problem.InvalidField(err.field(), err.message()))
                            .toList())
                    .at(ProblemMappers.path(uri))
                    .toResponse();
        }
    }

    @Provider
    public static class IdempotencyConflict implements ExceptionMapper<IdempotencyConflictException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(IdempotencyConflictException e) {
            return Problem.unprocessable("idempotency-key-reused", e.getMessage())
                    .at(ProblemMappers.path(uri))
                    .toResponse();
        }
    }

    @Provider
    public static class WorkflowUnavailable implements ExceptionMapper<WorkflowUnavailableException> {
        @Context
        UriInfo uri;

        @Inject
        EventLog log;

        @Override
        public Response toResponse(WorkflowUnavailableException e) {
            return TryLater.response(
                    "workflow-service-unavailable",
                    "The workflow service is unreachable; nothing was started. Retry with the same Idempotency-Key.",
                    e,
                    uri,
                    log);
        }
    }

    @Provider
    public static class StorageUnavailable implements ExceptionMapper<InstanceStorageException> {
        @Context
        UriInfo uri;

        @Inject
        EventLog log;

        @Override
        public Response toResponse(InstanceStorageException e) {
            return TryLater.response("storage-unavailable", "The database is unreachable; retry later.", e, uri, log);
        }
    }

    @Provider
    public static class InvalidCallback implements ExceptionMapper<InvalidCallbackException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(InvalidCallbackException e) {
            return Problem.of(
                            "invalid-request",
                            Response.Status.BAD_REQUEST,
                            e.field() + " " + e.getMessage() + "; nothing was started.")
                    .withErrors(List.of(new Problem.InvalidField(e.field(), e.getMessage())))
                    .at(ProblemMappers.path(uri))
                    .toResponse();
        }
    }

    @Provider
    public static class CallbackStorageUnavailable implements ExceptionMapper<CallbackStorageException> {
        @Context
        UriInfo uri;

        @Inject
        EventLog log;

        @Override
        public Response toResponse(CallbackStorageException e) {
            return TryLater.response("storage-unavailable", "The database is unreachable; retry later.", e, uri, log);
        }
    }
}
