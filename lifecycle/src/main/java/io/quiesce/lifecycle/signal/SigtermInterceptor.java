package io.quiesce.lifecycle.signal;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Replaces the JVM's SIGTERM handler so that the application hears about a shutdown before Liberty closes its HTTP port
 * (Liberty only learns of SIGTERM through its JVM shutdown hook, and every application callback runs after its quiesce).
 *
 * <p>A JVM has one SIGTERM handler: this class is its only owner in Quiesce. The previous handler is restored when the
 * application stops, because liberty:dev and Arquillian redeploy applications inside one running JVM and a stale handler
 * would pin the old class loader and shut down a server whose application is long gone.
 */
public final class SigtermInterceptor {

    private static final Signal TERM = new Signal("TERM");

    private SignalHandler previous;

    /**
     * @throws IllegalArgumentException when the JVM does not let applications handle SIGTERM (for instance under {@code -Xrs})
     */
    public synchronized void install(Runnable onSigterm) {
        if (previous == null) {
            previous = Signal.handle(TERM, signal -> onSigterm.run());
        }
    }

    public synchronized void restore() {
        if (previous != null) {
            Signal.handle(TERM, previous);
            previous = null;
        }
    }
}
