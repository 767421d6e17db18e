package io.quiesce.api.schedules;

import io.quiesce.api.QuiesceApplication;
import io.quiesce.api.http.Idempotency;
import io.quiesce.api.http.Paging;
import io.quiesce.api.http.RequestExecutors;
import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemException;
import io.quiesce.jobs.schedule.CreateOutcome;
import io.quiesce.jobs.schedule.SchedulePage;
import io.quiesce.jobs.schedule.ScheduleService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * Honours Idempotency-Key, so that a client's retry during a rollout never creates a second schedule firing twice.
 * Answers asynchronously on the API's executors ({@link RequestExecutors}).
 */
@Path("/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulesResource {

    @Inject
    ScheduleService schedules;

    @Inject
    RequestExecutors executors;

    @Context
    UriInfo uri;

    @POST
    @RolesAllowed(QuiesceApplication.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> create(
            @HeaderParam(Idempotency.HEADER)
                    @Pattern(regexp = Idempotency.KEY_PATTERN, message = Idempotency.KEY_MESSAGE)
                    String idempotencyKey,
            @NotNull(message = "is required") JsonObject json) {
        CreateScheduleRequest body = CreateScheduleRequest.from(json);
        UriBuilder base = uri.getBaseUriBuilder().path(SchedulesResource.class);
        return executors.write(() -> {
            CreateOutcome outcome = schedules.create(body.definition(), idempotencyKey);
            ScheduleView view = ScheduleView.of(outcome.schedule());
            URI location = base.path(view.id()).build();
            if (outcome.replayed()) {
                return Response.ok(view)
                        .location(location)
                        .header(Idempotency.REPLAYED, "true")
                        .build();
            }
            return Response.created(location).entity(view).build();
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({QuiesceApplication.VIEWER, QuiesceApplication.OPERATOR})
    public CompletionStage<ScheduleView> get(@PathParam("id") String id) {
        return executors.read(() -> schedules.find(id).map(ScheduleView::of).orElseThrow(() -> notFound(id)));
    }

    @GET
    @RolesAllowed({QuiesceApplication.VIEWER, QuiesceApplication.OPERATOR})
    public CompletionStage<SchedulePageView> list(
            @QueryParam("limit")
                    @DefaultValue(Paging.DEFAULT_LIMIT)
                    @Pattern(regexp = Paging.LIMIT_PATTERN, message = Paging.LIMIT_MESSAGE)
                    @Min(value = 1, message = Paging.LIMIT_MESSAGE)
                    @Max(value = Paging.MAX_LIMIT, message = Paging.LIMIT_MESSAGE)
                    String limit,
            @QueryParam("cursor") @Pattern(regexp = Paging.CURSOR_PATTERN, message = Paging.CURSOR_MESSAGE)
                    String cursor) {
        return executors.read(() -> {
            SchedulePage page = schedules.list(Integer.parseInt(limit), cursor);
            return new SchedulePageView(
                    page.items().stream().map(ScheduleView::of).toList(), page.nextCursor());
        });
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed(QuiesceApplication.OPERATOR)
    public CompletionStage<ScheduleView> pause(@PathParam("id") String id) {
        return executors.write(() -> schedules.pause(id).map(ScheduleView::of).orElseThrow(() -> notFound(id)));
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed(QuiesceApplication.OPERATOR)
    public CompletionStage<ScheduleView> resume(@PathParam("id") String id) {
        return executors.write(() -> schedules.resume(id).map(ScheduleView::of).orElseThrow(() -> notFound(id)));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(QuiesceApplication.OPERATOR)
    public CompletionStage<Response> delete(@PathParam("id") String id) {
        return executors.write(() -> {
            if (!schedules.delete(id)) {
                throw notFound(id);
            }
            return Response.noContent().build();
        });
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(
                Problem.of("schedule-not-found", Response.Status.NOT_FOUND, "No schedule " + id + "."));
    }
}
