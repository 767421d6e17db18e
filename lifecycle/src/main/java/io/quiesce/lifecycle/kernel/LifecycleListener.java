package io.quiesce.lifecycle.kernel;

import io.quiesce.lifecycle.http.InFlightTracker;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** The fallback trigger: with {@code server stop}, contextDestroyed is the first callback, after Liberty closed the port. */
final class LifecycleListener implements ServletContextListener {

    private final InFlightTracker http;
    private LifecycleKernel kernel;

    LifecycleListener(InFlightTracker http) {
        this.http = http;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        kernel = CDI.current().select(LifecycleKernel.class).get();
        kernel.start(http, Thread.currentThread().getContextClassLoader());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (kernel != null) {
            kernel.applicationStopping();
        }
    }
}
