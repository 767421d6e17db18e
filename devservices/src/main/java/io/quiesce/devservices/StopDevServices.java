package io.quiesce.devservices;

import io.quiesce.devservices.config.DevServicesConfig;
import io.quiesce.devservices.config.DevServicesException;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Stops this build's background {@link DevServices} launcher once the server module's integration tests are done, so
 * that a module built after it (the quick-start check) finds the fixed ports free; the launcher would otherwise live
 * until Maven exits. Runs in the build's JVM ({@code exec:java}), so it throws, never exits.
 */
public final class StopDevServices {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private StopDevServices() {}

    public static void main(String[] args) throws InterruptedException {
        DevServicesConfig config = DevServicesConfig.fromSystemProperties(args);
        Properties running = AwaitDevServices.read(config.propertiesFile());
        if (running == null || !AwaitDevServices.ofThisRun(running, config)) {
            return;
        }
        Optional<ProcessHandle> launcher = ProcessHandle.of(Long.parseLong(running.getProperty("pid")));
        if (launcher.isEmpty()) {
            return;
        }
        launcher.get().destroy();
        try {
            launcher.get().onExit().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new DevServicesException("the dev services launcher (pid "
                    + launcher.get().pid() + ") did not stop within " + TIMEOUT.toSeconds() + " s");
        }
        new EventLog(Logger.getLogger(StopDevServices.class.getName()), LogFormat.TEXT)
                .info(
                        "devservices.stopped_by_build",
                        EventLog.fields("pid", launcher.get().pid()));
    }
}
