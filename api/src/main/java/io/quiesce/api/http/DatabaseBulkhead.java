package io.quiesce.api.http;

import io.quiesce.api.config.ApiConfig;
import io.quiesce.api.problem.TryLater;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code quiesce.api.database-requests} requests wait on the database at once; the next one is answered 503
 * after a short burst wait. Against a hung database, the requests waiting on it would otherwise take every thread of Liberty's shared
 * executor, and the probes, served by the same executor, would time out on every replica together.
 */
@Provider
public class DatabaseBulkhead implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String PERMIT = DatabaseBulkhead.class.getName();
    /** Absorbs a burst against a healthy database; a blocked thread is held no longer than this. */
    static final Duration BURST_WAIT = Duration.ofMillis(50);

    private final Semaphore permits = new Semaphore(ApiConfig.current().databaseRequests());

    @Context
    UriInfo uri;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!usesDatabase(request.getUriInfo().getPath())) {
            return;
        }
        if (!acquire()) {
            request.abortWith(TryLater.response("database-busy", "The database is slow to answer and "
                    + "this server's share of it is in use; nothing was done. Retry later.",
                    new IllegalStateException("all " + ApiConfig.DATABASE_REQUESTS + " permits in use"), uri));
            return;
        }
        request.setProperty(PERMIT, Boolean.TRUE);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(PERMIT) != null) {
            request.removeProperty(PERMIT);
            permits.release();
        }
    }

    private boolean acquire() {
        try {
            return permits.tryAcquire(BURST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean usesDatabase(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.startsWith("instances") || relative.startsWith("schedules");
    }
}
