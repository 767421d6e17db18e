package io.quiesce.lifecycle.kernel;

import io.opentelemetry.api.OpenTelemetry;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.telemetry.ApplicationOpenTelemetry;
import io.quiesce.lifecycle.telemetry.HttpGuardMeters;
import io.quiesce.lifecycle.telemetry.TelemetryNames;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** Hands the filters' state to the meters once CDI runs, and stops the deadline timer with the application. */
final class HttpProtectionListener implements ServletContextListener {

    private final HttpProtection protection;
    private final EventLog log;

    HttpProtectionListener(HttpProtection protection, EventLog log) {
        this.protection = protection;
        this.log = log;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        CDI<Object> cdi = CDI.current();
        // On the application's thread: Liberty finds the application's SDK from its metadata.
        OpenTelemetry openTelemetry = ApplicationOpenTelemetry.resolve(cdi.getBeanManager());
        HttpGuardMeters.register(
                openTelemetry.getMeter(TelemetryNames.SCOPE),
                protection.limit(),
                protection.queueDelay(),
                protection.refusals());
        log.info("http.protection", protection.settings());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        protection.close();
    }
}
