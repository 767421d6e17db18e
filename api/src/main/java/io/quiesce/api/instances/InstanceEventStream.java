package io.quiesce.api.instances;

import io.quiesce.lifecycle.stream.LongLivedResponse;
import io.quiesce.workflow.events.InstanceEvent;
import io.quiesce.workflow.events.InstanceEventFeed;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One watcher's Server-Sent Events stream of one instance: its history after the watcher's Last-Event-ID, then live
 * events, until the instance has finished or the server drains. Writes never block (RESTEasy writes asynchronously), so
 * the feed's thread and the kernel can call it; closing waits for the last write to flush, so it runs on {@code closer}.
 * An end requested before the history is out (a stream opened after the shutdown signal) waits for the history.
 * Every method runs under the stream's lock, in whichever thread calls it.
 */
final class InstanceEventStream implements InstanceEventFeed.Subscriber, LongLivedResponse {

    /**
     * The event that ends a stream of a draining server. RESTEasy writes {@code retry:} only on an event with data, so
     * the hint travels on this named event, which a page's {@code onmessage} never sees; it has no id, so the client's
     * Last-Event-ID stays the last instance event.
     */
    static final String RECONNECT = "reconnect";

    private final String instanceId;
    private final SseEventSink sink;
    private final Sse sse;
    private final JsonProvider json;
    private final Executor closer;
    private final Runnable onClose;
    /** The latest event when the stream opened: until it is sent, the stream sends history. */
    private final int historyEnd;
    /** The instance had finished when the stream opened: it ends after its history (whatever the last event is). */
    private final boolean finishedAtOpen;

    private int position;
    private Duration firstHint;
    private boolean started;
    private Duration endRequested;
    private boolean closed;
    private InstanceEventFeed.Subscription subscription;

    InstanceEventStream(
            String instanceId,
            int after,
            int historyEnd,
            boolean finishedAtOpen,
            SseEventSink sink,
            Sse sse,
            JsonProvider json,
            Executor closer,
            Runnable onClose) {
        this.instanceId = instanceId;
        this.position = after;
        this.historyEnd = historyEnd;
        this.finishedAtOpen = finishedAtOpen;
        this.sink = sink;
        this.sse = sse;
        this.json = json;
        this.closer = closer;
        this.onClose = onClose;
    }

    /** Commits the response; its first event will carry the reconnection hint an abrupt cut leaves the client with. */
    synchronized void start(Duration reconnectDelay, InstanceEventFeed feed) {
        firstHint = reconnectDelay;
        send(sse.newEventBuilder().comment("events of instance " + instanceId).build());
        started = true;
        if (!closeIfDone()) {
            subscription = feed.subscribe(instanceId, position, this);
        }
    }

    @Override
    public synchronized void events(List<InstanceEvent> events) {
        for (InstanceEvent event : events) {
            if (closed) {
                return;
            }
            OutboundSseEvent.Builder sent = sse.newEventBuilder()
                    .id(Integer.toString(event.seq()))
                    .name(event.kind().wireName())
                    .mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(String.class, data(event));
            if (firstHint != null) {
                sent.reconnectDelay(firstHint.toMillis());
                firstHint = null;
            }
            send(sent.build());
            position = event.seq();
            if (event.isFinal()) {
                close(null);
            }
        }
        closeIfDone();
    }

    @Override
    public synchronized void removed() {
        close(null);
    }

    /** The kernel: the HTTP drain has started (or the stream opened after the shutdown signal). */
    @Override
    public synchronized void end(Duration reconnectAfter) {
        endRequested = reconnectAfter;
        closeIfDone();
    }

    synchronized void heartbeat() {
        if (sink.isClosed()) {
            close(null);
        } else if (!closed) {
            send(sse.newEventBuilder().comment("heartbeat").build());
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private boolean closeIfDone() {
        if (closed || !started || position < historyEnd) {
            return closed;
        }
        if (endRequested != null) {
            close(endRequested);
        } else if (finishedAtOpen) {
            close(null);
        }
        return closed;
    }

    private void close(Duration reconnectAfter) {
        if (closed) {
            return;
        }
        closed = true;
        if (subscription != null) {
            subscription.cancel();
        }
        if (reconnectAfter != null) {
            send(sse.newEventBuilder()
                    .name(RECONNECT)
                    .reconnectDelay(reconnectAfter.toMillis())
                    .mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(String.class, "{\"reconnectAfterMillis\":" + reconnectAfter.toMillis() + "}")
                    .build());
        }
        onClose.run();
        try {
            closer.execute(sink::close);
        } catch (RejectedExecutionException e) {
            // Liberty has quiesced its executors (server stop): nothing is left to wait for.
            sink.close();
        }
    }

    private void send(OutboundSseEvent event) {
        try {
            sink.send(event);
        } catch (IllegalStateException e) {
            // The client went away and RESTEasy closed the sink after a failed write.
            if (!closed) {
                close(null);
            }
        }
    }

    private String data(InstanceEvent event) {
        JsonObjectBuilder data = json.createObjectBuilder()
                .add("instanceId", event.instanceId())
                .add("seq", event.seq())
                .add("type", event.kind().wireName())
                .add("at", event.at().toString());
        if (event.step() != null) {
            data.add("step", event.step());
        }
        if (event.attempt() != null) {
            data.add("attempt", event.attempt());
        }
        if (event.worker() != null) {
            data.add("worker", event.worker());
        }
        if (event.status() != null) {
            data.add("status", event.status());
        }
        if (event.error() != null) {
            data.add("error", event.error());
        }
        return data.build().toString();
    }
}
