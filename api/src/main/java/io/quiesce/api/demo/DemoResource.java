package io.quiesce.api.demo;

import io.quiesce.api.QuiesceApplication;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Requests of a chosen length, to rehearse a shutdown under load. */
@Path("/demo")
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {

    static final int MAX_SECONDS = 300;

    public record Slept(int requestedSeconds, long sleptMillis) {}

    @GET
    @Path("/sleep")
    @RolesAllowed({QuiesceApplication.VIEWER, QuiesceApplication.OPERATOR})
    public Slept sleep(
            @QueryParam("seconds")
                    @NotNull(message = "is required")
                    @Pattern(
                            regexp = "[0-9]{1,3}",
                            message = "must be a whole number of seconds from 0 to " + MAX_SECONDS)
                    @Min(value = 0, message = "must be a whole number of seconds from 0 to " + MAX_SECONDS)
                    @Max(value = MAX_SECONDS, message = "must be a whole number of seconds from 0 to " + MAX_SECONDS)
                    String seconds) {
        int requested = Integer.parseInt(seconds);
        long start = System.nanoTime();
        holdFor(Duration.ofSeconds(requested));
        return new Slept(requested, Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    @POST
    @Path("/echo")
    @RolesAllowed({QuiesceApplication.VIEWER, QuiesceApplication.OPERATOR})
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject echo(@NotNull(message = "is required") JsonObject body) {
        return body;
    }

    /** Holding the request is the point of this endpoint, so an interrupt (server stop) ends it early rather than failing it. */
    private static void holdFor(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos();
                left > 0 && !Thread.currentThread().isInterrupted();
                left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
