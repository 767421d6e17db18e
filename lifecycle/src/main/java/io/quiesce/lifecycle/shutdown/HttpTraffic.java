package io.quiesce.lifecycle.shutdown;

public interface HttpTraffic {

    int inFlight();

    /** From now on every committed response carries {@code Connection: close} and completed requests are counted. */
    void beginDraining();

    long servedWhileDraining();

    /** What else the HTTP side has to say in the drain phase's report (the concurrency limit's numbers). */
    default java.util.Map<String, Long> report() {
        return java.util.Map.of();
    }
}
