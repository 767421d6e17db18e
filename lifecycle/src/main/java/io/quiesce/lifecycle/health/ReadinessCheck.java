package io.quiesce.lifecycle.health;

import io.quiesce.lifecycle.kernel.LifecycleKernel;
import io.quiesce.lifecycle.shutdown.LifecycleState;
import io.quiesce.lifecycle.shutdown.LifecycleStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN from the first shutdown signal, so that the endpoint leaves the Service while the application still serves. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    LifecycleKernel kernel;

    @Override
    public HealthCheckResponse call() {
        LifecycleStatus.Snapshot status = kernel.status();
        return HealthCheckResponse.named("quiesce-ready")
                .status(status.state() == LifecycleState.READY)
                .withData("state", status.state().name())
                .withData("reason", status.reason())
                .build();
    }
}
