package io.quiesce.devservices.log;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;

/**
 * Keeps java.util.logging open until the launcher's shutdown hook has written its last line.
 *
 * <p>The JDK's {@link LogManager} closes every handler from a shutdown hook of its own that runs concurrently with the
 * application's hooks, so on SIGTERM the launcher's {@code event=devservices.stopped} line (written after PostgreSQL has
 * stopped, a few hundred milliseconds later) was lost every time. Once {@link #holdResets()} has been called, this
 * manager holds every reset until {@link #releaseResets()} or a bound, whichever comes first. {@link LauncherLogging}
 * makes it the JVM's log manager.
 */
public final class ShutdownLogManager extends LogManager {

    /** Longer than the launcher's own bounded stop (Temporal 5 s + PostgreSQL 5 s), so the bound only guards bugs. */
    private static final long MAX_HOLD_SECONDS = 30;

    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean holding;

    /** Not before the manager is initialized: its initial configuration resets too. */
    void holdResets() {
        holding = true;
    }

    /** Lets the pending reset (the JVM's shutdown) proceed; a no-op when another log manager is in charge. */
    public static void releaseResets() {
        if (LogManager.getLogManager() instanceof ShutdownLogManager manager) {
            manager.released.countDown();
        }
    }

    @Override
    public void reset() {
        if (holding) {
            try {
                released.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.reset();
    }
}
