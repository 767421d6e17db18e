package io.quiesce.lifecycle.log;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import org.eclipse.microprofile.config.Config;

@ApplicationScoped
public class EventLogProducer {

    @Produces
    EventLog eventLog(InjectionPoint point, Config config) {
        return EventLog.named(point.getMember().getDeclaringClass().getPackageName(), LogFormat.from(config));
    }
}
