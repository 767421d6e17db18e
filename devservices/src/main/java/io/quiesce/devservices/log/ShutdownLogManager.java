package io.quiesce.devservices.log;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;

/**
 * The JDK's {@link LogManager} closes every handler from its own shutdown hook, concurrently with the launcher's, so the
 * {@code event=devservices.stopped} line was lost on every SIGTERM. This one holds resets until {@link #releaseResets()}.
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
