package io.quiesce.server.it;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Test-only control of {@link GatedParticipant}; exists only in the ProbesIT deployment. */
@Path("/it/gate")
public class GateResource {

    @Inject
    GatedParticipant gate;

    @POST
    public void open() {
        gate.open();
    }
}
