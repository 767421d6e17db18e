package io.quiesce.lifecycle.shutdown;

public interface HttpTraffic {

    int inFlight();

    /** From now on every committed response carries {@code Connection: close} and completed requests are counted. */
    void beginDraining();

    long servedWhileDraining();
}
