package io.quiesce.lifecycle.http;

import jakarta.servlet.ServletRequest;
import java.util.Optional;

/**
 * One request as the drain counts it, kept as a request attribute so that whatever answers the request can declare it
 * a long-lived response ({@link #becomeLongLived}), which the drain then no longer waits for.
 */
public final class InFlightRequest {

    static final String ATTRIBUTE = InFlightRequest.class.getName();

    private final InFlightTracker tracker;
    private final ConnectionCloseResponse response;
    private boolean counted = true;
    private boolean finished;
    private Runnable onFinish;

    InFlightRequest(InFlightTracker tracker, ConnectionCloseResponse response) {
        this.tracker = tracker;
        this.response = response;
        tracker.enter();
    }

    /** Empty when the kernel's drain filter did not see the request (a forward, or an application without the kernel). */
    public static Optional<InFlightRequest> of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof InFlightRequest ticket
                ? Optional.of(ticket)
                : Optional.empty();
    }

    /**
     * Stops counting this request as in flight and makes its response close the connection when it ends, so that the
     * client's reconnection goes through the load balancer again instead of back to this server on a kept-alive
     * connection. {@code onFinish} runs once, when the response has ended.
     *
     * @return false when the response has already ended
     */
    public boolean becomeLongLived(Runnable onFinish) {
        synchronized (this) {
            if (finished) {
                return false;
            }
            this.onFinish = onFinish;
            response.closeConnection();
            if (!counted) {
                return true;
            }
            counted = false;
        }
        tracker.exit();
        return true;
    }

    /** Called by the filter once the response is complete (synchronously or asynchronously). */
    void finish() {
        boolean exit;
        Runnable then;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            exit = counted;
            counted = false;
            then = onFinish;
        }
        if (exit) {
            tracker.exit();
        }
        if (then != null) {
            then.run();
        }
    }
}
