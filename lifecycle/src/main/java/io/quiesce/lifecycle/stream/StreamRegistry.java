package io.quiesce.lifecycle.stream;

import io.quiesce.lifecycle.http.InFlightRequest;
import io.quiesce.lifecycle.shutdown.LongLivedStreams;
import jakarta.servlet.ServletRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The long-lived responses of one application. A response that joins is no longer counted as in flight (so it never
 * holds the drain), is bounded in number, closes its connection when it ends, and is told to end when the HTTP drain
 * starts: its client then reconnects through the load balancer, after the endpoint removal has propagated, to a server
 * that stays. One that joins after the shutdown signal is told to end at once.
 */
public final class StreamRegistry implements LongLivedStreams {

    /** A stream's place in the registry; it leaves by itself when its response ends. */
    public final class Membership {
        private final LongLivedResponse response;
        private final AtomicBoolean told = new AtomicBoolean();
        private final AtomicBoolean left = new AtomicBoolean();

        private Membership(LongLivedResponse response) {
            this.response = response;
        }

        /** Whether the kernel has told this stream to end. */
        public boolean ending() {
            return told.get();
        }

        /** Idempotent; the kernel calls it when the response ends, the application may call it earlier. */
        public void leave() {
            if (left.compareAndSet(false, true)) {
                members.remove(this);
                open.decrementAndGet();
            }
        }

        private boolean end() {
            if (left.get() || !told.compareAndSet(false, true)) {
                return false;
            }
            response.end(reconnectHint());
            return true;
        }
    }

    private final Set<Membership> members = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong joined = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicLong endedOnJoin = new AtomicLong();
    private final StreamConfig settings;
    private volatile boolean draining;

    public StreamRegistry(StreamConfig settings) {
        this.settings = settings;
    }

    /**
     * Joins a long-lived response to the registry; call it before the response commits (its {@code Connection: close}
     * header is set here). Empty when the server already holds {@code quiesce.streams.max-open} streams: answer 503 with
     * {@code Retry-After}. When the server is shutting down, {@link LongLivedResponse#end} is called before this returns.
     *
     * @throws IllegalStateException the request did not pass the kernel's drain filter, or has already ended
     */
    public Optional<Membership> join(ServletRequest request, LongLivedResponse response) {
        InFlightRequest ticket = InFlightRequest.of(request)
                .orElseThrow(() -> new IllegalStateException(
                        "a long-lived response must be a request the lifecycle kernel's drain filter counts"));
        int max = settings.maxOpen();
        if (open.getAndUpdate(n -> n < max ? n + 1 : n) >= max) {
            refused.incrementAndGet();
            return Optional.empty();
        }
        Membership membership = new Membership(response);
        members.add(membership);
        if (!ticket.becomeLongLived(membership::leave)) {
            membership.leave();
            throw new IllegalStateException("the response has already ended");
        }
        joined.incrementAndGet();
        if (draining && membership.end()) {
            endedOnJoin.incrementAndGet();
            ended.incrementAndGet();
        }
        return Optional.of(membership);
    }

    public int maxOpen() {
        return settings.maxOpen();
    }

    /** How often a stream writes a keep-alive while it has nothing to say ({@code quiesce.streams.heartbeat}). */
    public Duration heartbeat() {
        return settings.heartbeat();
    }

    /** The hint a stream sends when it starts: where an abrupt cut leaves its client, the client waits this long. */
    public Duration reconnectDelay() {
        return settings.reconnectDelay();
    }

    @Override
    public void beginDraining() {
        draining = true;
    }

    @Override
    public int endAll() {
        draining = true;
        int count = 0;
        for (Membership membership : members) {
            if (membership.end()) {
                count++;
            }
        }
        ended.addAndGet(count);
        return count;
    }

    @Override
    public int open() {
        return open.get();
    }

    @Override
    public long endedOnJoin() {
        return endedOnJoin.get();
    }

    public long joined() {
        return joined.get();
    }

    /** Streams told to end by the kernel, at the drain or on joining after the signal. */
    public long ended() {
        return ended.get();
    }

    public long refused() {
        return refused.get();
    }

    private Duration reconnectHint() {
        long base = settings.reconnectDelay().toMillis();
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base));
    }
}
