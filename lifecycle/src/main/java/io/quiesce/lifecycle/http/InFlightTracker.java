package io.quiesce.lifecycle.http;

import io.quiesce.lifecycle.shutdown.HttpTraffic;
import io.quiesce.lifecycle.time.TimeSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

public final class InFlightTracker implements HttpTraffic {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder servedWhileDraining = new LongAdder();
    private final NewConnections connections;
    private volatile boolean draining;
    private volatile Supplier<Map<String, Long>> report = Map::of;

    /** The concurrency limit's numbers join the drain phase's report. */
    public void reportAlso(Supplier<Map<String, Long>> more) {
        report = more;
    }

    @Override
    public Map<String, Long> report() {
        return report.get();
    }

    public InFlightTracker() {
        this(TimeSource.system());
    }

    public InFlightTracker(TimeSource time) {
        this.connections = new NewConnections(time);
    }

    /** Each request, before {@link #enter()}: whose connection it came on. */
    public void arrived(String remoteAddress, int remotePort, int localPort, boolean lastOnConnection) {
        connections.arrived(remoteAddress, remotePort, localPort, lastOnConnection);
    }

    public void enter() {
        inFlight.incrementAndGet();
    }

    public void exit() {
        if (draining) {
            servedWhileDraining.increment();
        }
        inFlight.decrementAndGet();
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void beginDraining() {
        connections.beginDraining();
        draining = true;
    }

    @Override
    public long newConnections() {
        return connections.count();
    }

    @Override
    public double requestsPerSecondBeforeSignal() {
        return connections.perSecondBeforeSignal();
    }

    @Override
    public long lastNewConnectionNanos() {
        return connections.lastNanos();
    }

    @Override
    public long servedWhileDraining() {
        return servedWhileDraining.sum();
    }
}
