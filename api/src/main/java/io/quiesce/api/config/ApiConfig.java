package io.quiesce.api.config;

import io.quiesce.lifecycle.config.ConfigReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;
import java.util.function.Function;

/** The API's settings; read once when the application starts, so that a bad value stops the start. */
public record ApiConfig(int databaseRequests) {

    public static final String DATABASE_REQUESTS = "quiesce.api.database-requests";

    public static ApiConfig read(Function<String, Optional<String>> source) {
        return new ApiConfig(new ConfigReader(source, "quiesce-api").wholeNumber(DATABASE_REQUESTS, 1, 1000));
    }

    public static ApiConfig current() {
        Config config = ConfigProvider.getConfig();
        return read(name -> config.getOptionalValue(name, String.class));
    }

    @ApplicationScoped
    public static class StartupCheck {
        void validate(@Observes @Initialized(ApplicationScoped.class) Object started) {
            current();
        }
    }
}
