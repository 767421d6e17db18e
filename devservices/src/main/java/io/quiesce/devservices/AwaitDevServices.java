package io.quiesce.devservices;

import io.quiesce.devservices.config.DevServicesConfig;
import io.quiesce.devservices.config.DevServicesException;
import io.quiesce.lifecycle.config.Durations;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Blocks a build until a background {@link DevServices} launcher is ready, so that Liberty starts after PostgreSQL and
 * Temporal. With a run id it accepts only that run's files: right after the launch, a killed earlier run's files are
 * still there until the new launcher deletes them. Runs in the build's JVM ({@code exec:java}), so it throws, never exits.
 */
public final class AwaitDevServices {

    public static final String TIMEOUT = "quiesce.devservices.await-timeout";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(100);

    private AwaitDevServices() {}

    public static Properties await(DevServicesConfig config, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Properties ready = read(config.propertiesFile());
            if (ready != null && ofThisRun(ready, config)) {
                return ready;
            }
            Properties failed = read(config.failureFile());
            if (failed != null && ofThisRun(failed, config)) {
                throw new DevServicesException(
                        "the dev services failed to start: " + failed.getProperty("reason", "(no reason given)"));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new DevServicesException("the dev services were not ready within " + timeout.toMillis()
                        + " ms: no " + config.propertiesFile() + " (see the launcher's output for why)");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    public static void main(String[] args) {
        DevServicesConfig config = DevServicesConfig.fromSystemProperties(args);
        String timeout = System.getProperty(TIMEOUT);
        Properties ready = await(config, timeout == null ? DEFAULT_TIMEOUT : Durations.parse(TIMEOUT, timeout));
        new EventLog(Logger.getLogger(AwaitDevServices.class.getName()), LogFormat.TEXT)
                .info(
                        "devservices.awaited",
                        EventLog.fields(
                                "jdbc_url",
                                ready.getProperty("postgres.jdbc-url"),
                                "temporal_target",
                                ready.getProperty("temporal.target")));
    }

    static boolean ofThisRun(Properties file, DevServicesConfig config) {
        return config.runId().isEmpty() || config.runId().equals(file.getProperty("run-id"));
    }

    static Properties read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(reader);
            return properties;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new DevServicesException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
