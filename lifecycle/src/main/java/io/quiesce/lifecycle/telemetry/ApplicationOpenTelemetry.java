package io.quiesce.lifecycle.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The application's OpenTelemetry instance itself, not the CDI client proxy that {@code @Inject OpenTelemetry} gives:
 * only the SDK object can be flushed. Liberty's producer returns the instance it keeps per application, so calling it
 * creates nothing new. It must run on an application thread (Liberty finds the application from the thread's
 * metadata), which is why the kernel resolves it at start and never on the shutdown thread.
 */
public final class ApplicationOpenTelemetry {

    private ApplicationOpenTelemetry() {}

    /** OpenTelemetry's no-op when mpTelemetry is not enabled in the server (the kernel used outside Quiesce's server). */
    public static OpenTelemetry resolve(BeanManager beans) {
        Bean<?> bean = beans.resolve(beans.getBeans(OpenTelemetry.class));
        if (bean == null) {
            return OpenTelemetry.noop();
        }
        return (OpenTelemetry) create(bean, beans);
    }

    private static <T> T create(Bean<T> bean, BeanManager beans) {
        CreationalContext<T> context = beans.createCreationalContext(bean);
        return bean.create(context);
    }
}
