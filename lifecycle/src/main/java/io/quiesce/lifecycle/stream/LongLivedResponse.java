package io.quiesce.lifecycle.stream;

import java.time.Duration;

/** A response that stays open for minutes (a Server-Sent Events stream, a long poll), as it joins the {@link StreamRegistry}. */
@FunctionalInterface
public interface LongLivedResponse {

    /**
     * Ends the response cleanly and tells the client to come back after {@code reconnectAfter} (for Server-Sent Events
     * a {@code retry:} field, then the end of the response). Called at most once, when the HTTP drain starts, or from
     * {@link StreamRegistry#join} itself when the server is already shutting down: a response that has not yet sent what
     * it must answer (a stream's history) sends that first. Must not block: the kernel calls every stream in turn.
     */
    void end(Duration reconnectAfter);
}
