package io.quiesce.server.it.tasks;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.RejectedExecutionException;

/**
 * Test-only: hands work to the application's executor the way any application would, through {@code @Inject
 * ManagedExecutorService} and an {@code @Asynchronous} method, and logs what each task did so that the test can read it
 * after the server has exited.
 */
@Path("/it/tasks")
public class TasksResource {

    private static final EventLog LOG = EventLog.named("io.quiesce.it.tasks", LogFormat.TEXT);

    @Inject
    SlowWork work;

    @Inject
    ManagedExecutorService executor;

    @POST
    @Path("/method")
    public Response method(@QueryParam("millis") long millis, @QueryParam("name") String name) {
        work.sleep(millis).thenAccept(result -> LOG.info("it.task_done", EventLog.fields("name", name)));
        return Response.accepted().build();
    }

    @POST
    @Path("/executor")
    public Response executor(@QueryParam("millis") long millis, @QueryParam("name") String name) {
        executor.submit(() -> {
            sleep(millis);
            LOG.info("it.task_done", EventLog.fields("name", name));
        });
        return Response.accepted().build();
    }

    /** A task that, once it has slept, tries to hand on more work from its own (non-request) thread. */
    @POST
    @Path("/handing-on")
    public Response handingOn(@QueryParam("millis") long millis, @QueryParam("name") String name) {
        executor.submit(() -> {
            sleep(millis);
            try {
                executor.submit(() -> LOG.info("it.task_done", EventLog.fields("name", name + "-follow-up")));
                LOG.info("it.task_handed_on", EventLog.fields("name", name));
            } catch (RejectedExecutionException e) {
                LOG.info("it.task_refused", EventLog.fields("name", name, "message", e.getMessage()));
            }
            LOG.info("it.task_done", EventLog.fields("name", name));
        });
        return Response.accepted().build();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("it.task_interrupted", EventLog.fields());
        }
    }
}
