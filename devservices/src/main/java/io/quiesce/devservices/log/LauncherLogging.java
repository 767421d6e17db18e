package io.quiesce.devservices.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Touches no LogManager subclass before setting the properties: initializing any fixes the JVM's log manager for good. */
public final class LauncherLogging {

    private static final String FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s %5$s%6$s%n";

    private LauncherLogging() {}

    /** False when java.util.logging was initialized earlier (as inside Maven): then the stop lines may be lost. */
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

    /** When a build starts the launcher in the background, its console goes away with the build, and the stop lines with it. */
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
