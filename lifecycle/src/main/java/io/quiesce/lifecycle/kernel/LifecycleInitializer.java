package io.quiesce.lifecycle.kernel;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.http.DrainFilter;
import io.quiesce.lifecycle.http.InFlightTracker;
import io.quiesce.lifecycle.http.ListenerCheck;
import io.quiesce.lifecycle.http.auth.BearerConfig;
import io.quiesce.lifecycle.http.guard.GuardConfig;
import io.quiesce.lifecycle.http.limit.LimitConfig;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

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
        HttpProtection protection = protection(context);
        protection.register(context);
        http.reportAlso(protection::report);
        context.addListener(new LifecycleListener(http, listenerCheck));
        context.addListener(new HttpProtectionListener(protection, log(context)));
    }

    private static HttpProtection protection(ServletContext context) {
        Function<String, Optional<String>> source = config(context);
        try {
            return new HttpProtection(
                    GuardConfig.read(source),
                    LimitConfig.read(source),
                    BearerConfig.read(source),
                    context.getClassLoader(),
                    log(context));
        } catch (ConfigException e) {
            log(context)
                    .error(
                            "lifecycle.config_invalid",
                            EventLog.fields("error", e.getMessage(), "action", "the application does not start"));
            throw e;
        }
    }

    private static Function<String, Optional<String>> config(ServletContext context) {
        Config config = ConfigProvider.getConfig(context.getClassLoader());
        return name -> config.getOptionalValue(name, String.class);
    }

    private static EventLog log(ServletContext context) {
        LogFormat format = config(context)
                .apply(LogFormat.PROPERTY)
                .flatMap(LogFormat::parse)
                .orElse(LogFormat.TEXT);
        return EventLog.named("io.quiesce.lifecycle", format);
    }
}
