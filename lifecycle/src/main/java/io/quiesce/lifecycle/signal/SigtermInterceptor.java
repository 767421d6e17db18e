package io.quiesce.lifecycle.signal;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Hears SIGTERM before Liberty closes its HTTP port (Liberty learns of it only through its JVM shutdown hook, and every
 * application callback runs after its quiesce). The previous handler is restored at application stop: liberty:dev and
 * Arquillian redeploy inside one JVM, and a stale handler would pin the old class loader and stop the server.
 */
public final class SigtermInterceptor {

    private static final Signal TERM = new Signal("TERM");

    private SignalHandler previous;

    /** @throws IllegalArgumentException when the JVM does not let applications handle SIGTERM (e.g. under {@code -Xrs}) */
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
