package io.quiesce.api.instances;

import io.quiesce.api.QuiesceApplication;
import io.quiesce.api.http.Idempotency;
import io.quiesce.api.http.Paging;
import io.quiesce.api.http.RequestExecutors;
import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemException;
import io.quiesce.workflow.callback.CallbackConfig;
import io.quiesce.workflow.callback.CallbackTarget;
import io.quiesce.workflow.config.WorkflowConfig;
import io.quiesce.workflow.instance.CancelResult;
import io.quiesce.workflow.instance.InstancePage;
import io.quiesce.workflow.instance.InstanceQuery;
import io.quiesce.workflow.instance.InstanceService;
import io.quiesce.workflow.instance.InstanceStatus;
import io.quiesce.workflow.instance.StartCommand;
import io.quiesce.workflow.instance.StartOutcome;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * Honours Idempotency-Key, so that a client's retry during a rollout never starts an instance twice. Every method
 * answers asynchronously on the API's executors ({@link RequestExecutors}); what needs the request (its URI) is read
 * before the work is handed over.
 */
@Path("/instances")
@Produces(MediaType.APPLICATION_JSON)
public class InstancesResource {

    @Inject
    InstanceService instances;

    @Inject
    CallbackConfig callbacks;

    @Inject
    RequestExecutors executors;

    @Context
    UriInfo uri;

    @POST
    @RolesAllowed(QuiesceApplication.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> start(
            @HeaderParam(Idempotency.HEADER)
                    @Pattern(regexp = Idempotency.KEY_PATTERN, message = Idempotency.KEY_MESSAGE)
                    String idempotencyKey,
            @NotNull(message = "is required") JsonObject json) {
        // Checked on the request thread: a bad request takes no executor slot.
        StartInstanceRequest body = StartInstanceRequest.from(json);
        CallbackTarget callback =
                body.callbackUrl() == null ? null : CallbackTarget.parse(body.callbackUrl(), callbacks);
        UriBuilder location = uri.getBaseUriBuilder().path(InstancesResource.class);
        StartCommand command = new StartCommand(
                body.type(),
                body.input().toString(),
                idempotencyKey,
                idempotencyKey == null ? null : body.fingerprint(),
                null,
                null);
        return executors.write(() -> {
            StartOutcome outcome = instances.start(command, callback);
            String id = outcome.instance().id();
            InstanceView view = InstanceView.of(
                    outcome.instance(),
                    callback == null && !outcome.replayed()
                            ? null
                            : instances.callback(id).orElse(null));
            Response.ResponseBuilder response =
                    Response.accepted(view).location(location.path(id).build());
            if (outcome.replayed()) {
                response.header(Idempotency.REPLAYED, "true");
            }
            return response.build();
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({QuiesceApplication.VIEWER, QuiesceApplication.OPERATOR})
    public CompletionStage<InstanceView> get(@PathParam("id") String id) {
        return executors.read(() -> view(id));
    }

    private InstanceView view(String id) {
        return instances
                .find(id)
                .map(instance ->
                        InstanceView.of(instance, instances.callback(id).orElse(null)))
                .orElseThrow(() -> notFound(id));
    }

    @GET
    @RolesAllowed({QuiesceApplication.VIEWER, QuiesceApplication.OPERATOR})
    public CompletionStage<InstancePageView> list(
            @QueryParam("status")
                    @Pattern(
                            regexp = "(?i)RUNNING|COMPLETED|FAILED|CANCELLED",
                            message = "must be one of RUNNING, COMPLETED, FAILED, CANCELLED")
                    String status,
            @QueryParam("type")
                    @Pattern(regexp = "[a-z][a-z0-9-]{0,63}", message = "must be a workflow type name such as report")
                    String type,
            @QueryParam("codeVersion")
                    @Pattern(
                            regexp = WorkflowConfig.CODE_VERSION_PATTERN,
                            message = "must be a code version (an image tag) such as 1.4.2")
                    String codeVersion,
            @QueryParam("limit")
                    @DefaultValue(Paging.DEFAULT_LIMIT)
                    @Pattern(regexp = Paging.LIMIT_PATTERN, message = Paging.LIMIT_MESSAGE)
                    @Min(value = 1, message = Paging.LIMIT_MESSAGE)
                    @Max(value = Paging.MAX_LIMIT, message = Paging.LIMIT_MESSAGE)
                    String limit,
            @QueryParam("cursor") @Pattern(regexp = Paging.CURSOR_PATTERN, message = Paging.CURSOR_MESSAGE)
                    String cursor) {
        InstanceQuery query = new InstanceQuery(
                status == null ? null : InstanceStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                type,
                codeVersion,
                Integer.parseInt(limit),
                cursor);
        return executors.read(() -> {
            InstancePage page = instances.list(query);
            return new InstancePageView(
                    page.items().stream().map(InstanceView::of).toList(), page.nextCursor());
        });
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(QuiesceApplication.OPERATOR)
    public CompletionStage<Response> cancel(@PathParam("id") String id) {
        return executors.write(() -> {
            CancelResult result = instances.cancel(id);
            return switch (result) {
                case NOT_FOUND -> throw notFound(id);
                case ALREADY_FINISHED ->
                    throw new ProblemException(Problem.of(
                            "instance-finished",
                            Response.Status.CONFLICT,
                            "Instance " + id + " has already finished and cannot be cancelled."));
                case CANCEL_REQUESTED, ALREADY_CANCELLED ->
                    Response.accepted(view(id)).build();
            };
        });
    }

    static ProblemException notFound(String id) {
        return new ProblemException(
                Problem.of("instance-not-found", Response.Status.NOT_FOUND, "No instance " + id + "."));
    }
}
