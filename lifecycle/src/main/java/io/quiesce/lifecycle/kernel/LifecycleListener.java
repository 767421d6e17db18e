package io.quiesce.lifecycle.kernel;

import io.quiesce.lifecycle.http.InFlightTracker;
import io.quiesce.lifecycle.http.ListenerCheck;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** The fallback trigger: with {@code server stop}, contextDestroyed is the first callback, after Liberty closed the port. */
final class LifecycleListener implements ServletContextListener {

    private final InFlightTracker http;
    private final ListenerCheck listenerCheck;
    private LifecycleKernel kernel;

    LifecycleListener(InFlightTracker http, ListenerCheck listenerCheck) {
        this.http = http;
        this.listenerCheck = listenerCheck;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        kernel = CDI.current().select(LifecycleKernel.class).get();
        kernel.start(http, Thread.currentThread().getContextClassLoader());
        kernel.checkListener(listenerCheck, event.getServletContext().getContextPath());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (kernel != null) {
            kernel.applicationStopping();
        }
    }
}
