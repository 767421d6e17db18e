package io.quiesce.workflow.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.quiesce.lifecycle.telemetry.TelemetryDefaults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** The module's telemetry from Liberty's OpenTelemetry bean and the switch that Liberty itself reads. */
@ApplicationScoped
public class WorkflowTelemetryProducer {

    /** @Singleton because a final class cannot be proxied. MicroProfile Telemetry's default is off. */
    @Produces
    @Singleton
    WorkflowTelemetry telemetry(OpenTelemetry openTelemetry, Config config) {
        boolean disabled = config.getOptionalValue(TelemetryDefaults.SDK_DISABLED, Boolean.class)
                .orElse(true);
        return WorkflowTelemetry.of(openTelemetry, !disabled);
    }
}
