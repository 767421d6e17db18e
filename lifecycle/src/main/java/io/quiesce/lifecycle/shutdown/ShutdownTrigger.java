package io.quiesce.lifecycle.shutdown;

/** What started the shutdown; the first trigger wins and decides which phases run. */
public enum ShutdownTrigger {
    /** SIGTERM intercepted before Liberty quiesces: the port is still open, so the delay and HTTP drain run, then the kernel hands over. */
    SIGTERM("SIGTERM received", true),
    /** The application is stopping (server stop, undeploy): Liberty has already closed the port and quiesced requests. */
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

    /** Whether the HTTP port is still open, which is what makes the pre-drain delay and the HTTP drain worth running. */
    public boolean portOpen() {
        return portOpen;
    }
}
