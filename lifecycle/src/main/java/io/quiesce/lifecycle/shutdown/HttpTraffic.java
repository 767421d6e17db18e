package io.quiesce.lifecycle.shutdown;

/** The HTTP side of a shutdown as the sequence sees it; implemented by the servlet filter's in-flight tracker. */
public interface HttpTraffic {

    int inFlight();

    /** From now on every committed response carries {@code Connection: close} and completed requests are counted. */
    void beginDraining();

    long servedWhileDraining();
}
