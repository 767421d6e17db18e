package io.quiesce.jobs.scheduler;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

@Startup
@ApplicationScoped
public class SchedulerStartedCheck implements HealthCheck {

    @Inject
    JobScheduler jobs;

    @Override
    public HealthCheckResponse call() {
        String state = jobs.state();
        return HealthCheckResponse.named("quiesce-jobs")
                .status(!state.equals("STARTING"))
                .withData("state", state)
                .withData("scheduler", jobs.settings().schedulerName())
                .withData("instanceId", jobs.settings().instanceId())
                .build();
    }
}
