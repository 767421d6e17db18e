package io.quiesce.lifecycle.kernel;

import io.quiesce.lifecycle.http.DrainFilter;
import io.quiesce.lifecycle.http.InFlightTracker;
import io.quiesce.lifecycle.http.ListenerCheck;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;

/** Plugs the kernel into any web application that has the jar in WEB-INF/lib, without web.xml changes. */
public final class LifecycleInitializer implements ServletContainerInitializer {

    static final String FILTER_NAME = "quiesce-drain";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        InFlightTracker http = new InFlightTracker();
        ListenerCheck listenerCheck = new ListenerCheck();
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, new DrainFilter(http, listenerCheck));
        filter.setAsyncSupported(true);
        // REQUEST only: forwards, includes and error dispatches belong to a request that is already counted.
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.addListener(new LifecycleListener(http, listenerCheck));
    }
}
