package io.quiesce.api.instances;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The watcher already has the instance's last event: 204 No Content, on which an EventSource stops reconnecting. An
 * exception because the resource method is a Server-Sent Events method: it has no response to return, and closing its
 * sink unsent answers RESTEasy's 200 on Liberty, not 204.
 */
final class CaughtUp extends RuntimeException {

    CaughtUp() {
        super("the watcher has every event of the instance", null, false, false);
    }

    @Provider
    public static class Mapper implements ExceptionMapper<CaughtUp> {
        @Override
        public Response toResponse(CaughtUp e) {
            return Response.noContent().build();
        }
    }
}
