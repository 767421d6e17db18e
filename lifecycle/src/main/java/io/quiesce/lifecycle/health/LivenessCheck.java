package io.quiesce.lifecycle.health;

import io.quiesce.lifecycle.kernel.LifecycleKernel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /health/live}: local health only, never a remote dependency, and never DOWN because of a drain (the kubelet would
 * kill the pod mid-drain). DOWN only when the JVM has deadlocked threads, which no restart-free recovery can fix.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Inject
    LifecycleKernel kernel;

    @Override
    public HealthCheckResponse call() {
        long[] deadlocked = threads.findDeadlockedThreads();
        int count = deadlocked == null ? 0 : deadlocked.length;
        return HealthCheckResponse.named("quiesce-live")
                .status(count == 0)
                .withData("state", kernel.status().state().name())
                .withData("deadlocked_threads", count)
                .build();
    }
}
