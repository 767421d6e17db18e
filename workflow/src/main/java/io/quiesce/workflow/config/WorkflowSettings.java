package io.quiesce.workflow.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;

@ApplicationScoped
public class WorkflowSettings {

    @Produces
    WorkflowConfig settings(Config config) {
        return WorkflowConfig.read(name -> config.getOptionalValue(name, String.class));
    }
}
