package io.quiesce.workflow.callback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

@ApplicationScoped
public class CallbackConfigProducer {

    /** Read once per application; @Singleton because a record cannot be proxied. */
    @Produces
    @Singleton
    CallbackConfig settings(Config config) {
        return CallbackConfig.read(name -> config.getOptionalValue(name, String.class));
    }
}
