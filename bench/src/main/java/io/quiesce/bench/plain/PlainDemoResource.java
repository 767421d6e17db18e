package io.quiesce.bench.plain;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.locks.LockSupport;

@Path("/demo")
public class PlainDemoResource {

    @GET
    @Path("/sleep")
    @Produces(MediaType.APPLICATION_JSON)
    public String sleep(@QueryParam("seconds") int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return "{\"requestedSeconds\":" + seconds + "}";
    }

    @POST
    @Path("/echo")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String echo(String body) {
        return body;
    }
}
