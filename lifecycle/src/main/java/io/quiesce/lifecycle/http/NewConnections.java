package io.quiesce.lifecycle.http;

import io.quiesce.lifecycle.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a request on a connection first seen after the signal (a new connection: someone still routes to this server)
 * from one on a connection that was open before it. A connection is its remote address and port and the local port;
 * the servlet API shows nothing else of it. Every mistake this memory can make lengthens the delay, never shortens it: a
 * forgotten connection counts as new when it is used again.
 */
final class NewConnections {

    /**
     * Liberty closes a keep-alive connection idle for its persistTimeout (30 s by default and in Quiesce's server.xml),
     * so a connection not seen for longer is gone; twice that leaves room for a raised persistTimeout.
     */
    static final Duration REMEMBERED_FOR = Duration.ofSeconds(60);

    /**
     * About 150 bytes each; beyond this many (connection churn without {@code Connection: close}), further ones are
     * not remembered until the next pruning, every half of {@link #REMEMBERED_FOR}.
     */
    static final int CAPACITY = 16_384;

    record Connection(String remoteAddress, int remotePort, int localPort) {}

    private final TimeSource time;
    private final RequestPace pace;
    private volatile double perSecondAtSignal;
    private final ConcurrentHashMap<Connection, Long> lastSeen = new ConcurrentHashMap<>();
    private final AtomicLong nextPrune;
    private final AtomicLong count = new AtomicLong();
    /** System.nanoTime() may be negative: Long.MIN_VALUE stands for "none yet". */
    private final AtomicLong lastNew = new AtomicLong(Long.MIN_VALUE);

    private volatile boolean draining;

    NewConnections(TimeSource time) {
        this.time = time;
        this.pace = new RequestPace(time);
        this.nextPrune = new AtomicLong(time.nanoTime() + REMEMBERED_FOR.toNanos());
    }

    /** @param lastOnConnection the client said {@code Connection: close}: no further request will use it */
    void arrived(String remoteAddress, int remotePort, int localPort, boolean lastOnConnection) {
        long now = time.nanoTime();
        Connection connection = new Connection(remoteAddress, remotePort, localPort);
        if (draining) {
            boolean known = lastSeen.size() < CAPACITY
                    ? lastSeen.putIfAbsent(connection, now) != null
                    : lastSeen.containsKey(connection);
            if (!known) {
                // The time first: a reader that sees the count must see a time at least this recent.
                lastNew.accumulateAndGet(now, (last, next) -> last == Long.MIN_VALUE || next - last > 0 ? next : last);
                count.incrementAndGet();
            }
            return;
        }
        pace.arrived();
        if (lastOnConnection) {
            lastSeen.remove(connection);
            return;
        }
        long prune = nextPrune.get();
        if (now - prune >= 0 && nextPrune.compareAndSet(prune, now + REMEMBERED_FOR.toNanos() / 2)) {
            long oldest = now - REMEMBERED_FOR.toNanos();
            lastSeen.values().removeIf(seen -> seen - oldest < 0);
        }
        if (lastSeen.size() < CAPACITY || lastSeen.containsKey(connection)) {
            lastSeen.put(connection, now);
        }
    }

    void beginDraining() {
        perSecondAtSignal = pace.perSecond();
        draining = true;
    }

    /** Requests per second in the half minute before the signal. */
    double perSecondBeforeSignal() {
        return perSecondAtSignal;
    }

    long count() {
        return count.get();
    }

    long lastNanos() {
        return lastNew.get();
    }

    int remembered() {
        return lastSeen.size();
    }
}
