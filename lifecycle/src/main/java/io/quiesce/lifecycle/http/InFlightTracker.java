package io.quiesce.lifecycle.http;

import io.quiesce.lifecycle.shutdown.HttpTraffic;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

public final class InFlightTracker implements HttpTraffic {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder servedWhileDraining = new LongAdder();
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
        draining = true;
    }

    @Override
    public long servedWhileDraining() {
        return servedWhileDraining.sum();
    }
}
