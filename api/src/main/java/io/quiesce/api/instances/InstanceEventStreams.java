package io.quiesce.api.instances;

import io.quiesce.lifecycle.stream.StreamRegistry;
import io.quiesce.workflow.events.InstanceEventFeed;
import io.quiesce.workflow.instance.EventProgress;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * This server's event streams: each joins the kernel's stream registry (bounded, ended at the drain) and the workflow
 * module's event feed; heartbeats run on Liberty's managed scheduled executor, so streams add no thread of their own.
 */
@ApplicationScoped
public class InstanceEventStreams {

    private final InstanceEventFeed feed;
    private final StreamRegistry registry;
    private final JsonProvider json;
    private final Set<InstanceEventStream> open = ConcurrentHashMap.newKeySet();

    @Resource
    ManagedScheduledExecutorService executor;

    private ScheduledFuture<?> heartbeats;

    @Inject
    public InstanceEventStreams(InstanceEventFeed feed, StreamRegistry registry) {
        this.feed = feed;
        this.registry = registry;
        // Resolved here, on a request thread: the feed's thread writes the events.
        this.json = JsonProvider.provider();
    }

    /** For the CDI proxy. */
    protected InstanceEventStreams() {
        feed = null;
        registry = null;
        json = null;
    }

    /**
     * Opens the stream of {@code instanceId} from after {@code after}; false when the server already holds its maximum
     * of streams (nothing was sent: answer 503).
     */
    public boolean open(
            HttpServletRequest request,
            SseEventSink sink,
            Sse sse,
            String instanceId,
            int after,
            EventProgress progress) {
        InstanceEventStream[] created = new InstanceEventStream[1];
        InstanceEventStream stream = new InstanceEventStream(
                instanceId,
                after,
                progress.lastEvent(),
                progress.status().isFinal(),
                sink,
                sse,
                json,
                executor,
                () -> open.remove(created[0]));
        created[0] = stream;
        if (registry.join(request, stream).isEmpty()) {
            return false;
        }
        open.add(stream);
        startHeartbeats();
        stream.start(registry.reconnectDelay(), feed);
        return true;
    }

    public int maxOpen() {
        return registry.maxOpen();
    }

    private synchronized void startHeartbeats() {
        if (heartbeats == null) {
            long every = registry.heartbeat().toMillis();
            heartbeats = executor.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void heartbeat() {
        for (InstanceEventStream stream : open) {
            stream.heartbeat();
            if (stream.isClosed()) {
                open.remove(stream);
            }
        }
    }

    @PreDestroy
    synchronized void stopHeartbeats() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
    }
}
