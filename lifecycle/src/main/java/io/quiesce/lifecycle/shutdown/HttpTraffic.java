package io.quiesce.lifecycle.shutdown;

public interface HttpTraffic {

    int inFlight();

    /** From now on every committed response carries {@code Connection: close} and completed requests are counted. */
    void beginDraining();

    long servedWhileDraining();

    /** Connections whose first request came after {@link #beginDraining()}: someone still routes new traffic here. */
    default long newConnections() {
        return 0;
    }

    /**
     * Requests per second in the half minute before {@link #beginDraining()}; a negative value when unknown. While the
     * endpoint removal has not propagated, new connections come about as often as requests did.
     */
    default double requestsPerSecondBeforeSignal() {
        return -1;
    }

    /** The {@code TimeSource} time of the latest of {@link #newConnections()}; meaningless while there is none. */
    default long lastNewConnectionNanos() {
        return 0;
    }

    /** What else the HTTP side has to say in the drain phase's report (the concurrency limit's numbers). */
    default java.util.Map<String, Long> report() {
        return java.util.Map.of();
    }
}
