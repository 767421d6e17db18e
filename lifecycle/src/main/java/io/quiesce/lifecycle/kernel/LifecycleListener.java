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

    /**
     * A failed start also ends the process (status 1): Liberty keeps a server whose application failed running, and its
     * health endpoints may then answer UP with no checks, so the pod could be routed to and never restarted.
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        kernel = CDI.current().select(LifecycleKernel.class).get();
        try {
            kernel.start(http, Thread.currentThread().getContextClassLoader());
        } catch (RuntimeException e) {
            kernel.exitAfterFailedStart(e, System::exit);
            throw e;
        }
        kernel.checkListener(listenerCheck, event.getServletContext().getContextPath());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (kernel != null) {
            kernel.applicationStopping();
        }
    }
}
