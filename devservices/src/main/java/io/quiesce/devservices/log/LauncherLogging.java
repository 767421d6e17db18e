package io.quiesce.devservices.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * java.util.logging for the launcher's own JVM: one line per record, and the stop lines kept until the end
 * ({@link ShutdownLogManager}). Touches no {@code LogManager} subclass before the system properties are set, because
 * initializing one, even {@link ShutdownLogManager} itself, initializes the JVM's log manager for good.
 */
public final class LauncherLogging {

    /** One line per record, so that {@code event=...} lines stay greppable. */
    private static final String FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s %5$s%6$s%n";

    private LauncherLogging() {
    }

    /**
     * Must run before the first {@code Logger}; settings given on the command line win. Returns false when another log
     * manager is in charge (java.util.logging was initialized earlier, as inside Maven), so the stop lines may be lost.
     */
    public static boolean configure() {
        setIfAbsent("java.util.logging.SimpleFormatter.format", FORMAT);
        // A class literal loads the class without initializing it (nor LogManager): that happens in getLogManager().
        setIfAbsent("java.util.logging.manager", ShutdownLogManager.class.getName());
        if (LogManager.getLogManager() instanceof ShutdownLogManager manager) {
            manager.holdResets();
            return true;
        }
        return false;
    }

    /**
     * Copies every record to {@code file} as well (appended, at most 10 MB): when a build starts the launcher in the
     * background, its console is the build's, which is gone when the build ends, with the stop lines in it.
     */
    public static void alsoWriteTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        // FileHandler reads its argument as a pattern, in which % is special.
        FileHandler handler = new FileHandler(file.toString().replace("%", "%%"), 10 * 1024 * 1024, 1, true);
        handler.setFormatter(new SimpleFormatter());
        Logger.getLogger("").addHandler(handler);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
