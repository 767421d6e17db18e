package io.quiesce.workflow.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

@ApplicationScoped
public class WorkflowConfigProducer {

    /** Read once per application; @Singleton because a record cannot be proxied. */
    @Produces
    @Singleton
    WorkflowConfig settings(Config config) {
        return WorkflowConfig.read(name -> config.getOptionalValue(name, String.class));
    }
}
