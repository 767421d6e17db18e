package io.quiesce.lifecycle.health;

import io.quiesce.lifecycle.kernel.LifecycleKernel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    @Inject
    LifecycleKernel kernel;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("quiesce-started")
                .status(kernel.startupComplete())
                .withData("pending", String.join(",", kernel.pendingParticipants()))
                .build();
    }
}
