package io.quiesce.lifecycle.shutdown;

public enum ShutdownTrigger {
    /** Intercepted before Liberty quiesces: the port is still open, so the delay and HTTP drain run. */
    SIGTERM("SIGTERM received", true),
    /** Liberty has already closed the port and quiesced requests. */
    APPLICATION_STOP("application stopping (server stop or undeploy)", false);

    private final String reason;
    private final boolean portOpen;

    ShutdownTrigger(String reason, boolean portOpen) {
        this.reason = reason;
        this.portOpen = portOpen;
    }

    public String reason() {
        return reason;
    }

    public boolean portOpen() {
        return portOpen;
    }
}
