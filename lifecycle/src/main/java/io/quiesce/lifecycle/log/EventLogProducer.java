package io.quiesce.lifecycle.log;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import org.eclipse.microprofile.config.Config;

/** An {@link EventLog} for any bean that injects one, named after the bean's package, in the configured format. */
@ApplicationScoped
public class EventLogProducer {

    @Produces
    EventLog eventLog(InjectionPoint point, Config config) {
        return EventLog.named(point.getMember().getDeclaringClass().getPackageName(), LogFormat.from(config));
    }
}
