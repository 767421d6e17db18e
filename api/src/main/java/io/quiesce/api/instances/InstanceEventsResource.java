package io.quiesce.api.instances;

import io.quiesce.api.QuiesceApplication;
import io.quiesce.api.problem.TryLater;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.workflow.instance.EventProgress;
import io.quiesce.workflow.instance.InstanceService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * An instance's events as Server-Sent Events, in their own resource class: the stream is long-lived and joins the
 * kernel's stream registry, which ends it when the server drains so that the client resumes on another server.
 */
@Path("/instances/{id}/events")
public class InstanceEventsResource {

    @Inject
    InstanceService instances;

    @Inject
    InstanceEventStreams streams;

    @Inject
    EventLog log;

    @Context
    UriInfo uri;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({QuiesceApplication.VIEWER, QuiesceApplication.OPERATOR})
    @Operation(
            summary = "Watch an instance",
            description = "Server-Sent Events: the instance's history (created, each step started and completed with "
                    + "attempt and worker, the final status), then live events from every server until the instance "
                    + "has finished, then the stream ends. Each event's id orders it within the instance; a client "
                    + "that reconnects with Last-Event-ID gets exactly the events after it, on any server. When a "
                    + "server drains, its streams get a retry hint and end, and the client resumes elsewhere. "
                    + "Comments (heartbeats) keep idle streams open through proxies.")
    @Parameter(
            name = LastEventId.HEADER,
            in = ParameterIn.HEADER,
            description = "The id of the last event received; the stream continues after it.",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    @APIResponse(
            responseCode = "200",
            description = "The stream: events named created, step-started, step-completed and finished, each with an "
                    + "id and a JSON object as data (instanceId, seq, type, at, step, attempt, worker, status, error).",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(
            responseCode = "204",
            description = "The instance has finished and Last-Event-ID is its last event: nothing more will come "
                    + "(an EventSource stops reconnecting).")
    @APIResponse(
            responseCode = "400",
            description = "Last-Event-ID is not an id of this stream.",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "No such instance.")
    @APIResponse(
            responseCode = "503",
            description = "This server holds its maximum of streams (quiesce.streams.max-open), or the database is "
                    + "unreachable; retry after Retry-After.",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = "application/problem+json"))
    public void events(
            @PathParam("id") String id,
            @Context HttpHeaders headers,
            @Context HttpServletRequest request,
            @Context SseEventSink sink,
            @Context Sse sse) {
        int after = LastEventId.parse(headers.getRequestHeader(LastEventId.HEADER));
        EventProgress progress = instances.eventProgress(id).orElseThrow(() -> InstancesResource.notFound(id));
        if (after > progress.lastEvent()) {
            throw LastEventId.beyond(after, id, progress.lastEvent());
        }
        if (progress.status().isFinal() && after == progress.lastEvent()) {
            throw new CaughtUp();
        }
        if (!streams.open(request, sink, sse, id, after, progress)) {
            throw new WebApplicationException(TryLater.response(
                    "too-many-streams",
                    "This server holds its maximum of " + streams.maxOpen() + " event streams; retry later (another "
                            + "server may have room).",
                    new IllegalStateException("quiesce.streams.max-open reached"),
                    uri,
                    log));
        }
    }
}
