package io.quiesce.lifecycle.http.limit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * An adaptive concurrency limit in the spirit of TCP Vegas and Netflix's gradient limits: requests beyond the limit are
 * refused at once instead of queueing, and the limit follows the latency the server delivers.
 *
 * <p>Every window (at least {@code window} long and {@code minSamples} completions) compares the fastest request of the
 * window with the fastest seen without load. Queueing for the CPU, a pool or a lock slows every request, the fastest
 * too, while a few inherently long requests (a 15 s demo sleep, a Temporal call) leave the window's minimum alone, so
 * the minimum is a steadier signal than the mean a plain gradient limit uses. The limit shrinks by the gradient
 * {@code tolerance * noLoad / windowMin} (at most halving per window), grows by {@code sqrt(limit)} when the gradient
 * is 1 and the window used at least half of the limit (a limit that is never reached says nothing about capacity),
 * and is smoothed and kept within {@code [min, max]}. The no-load minimum drifts towards the windows' minima: within
 * seconds in windows that used less than half the limit (a baseline that moved for good: new code, a slower
 * database) or at the limit's floor, but only over minutes under load above the floor, where a quick drift would
 * learn the queueing as the new normal and stop shedding.
 */
public final class GradientLimit {

    /** The limit's state at one moment, for metrics, logs and the shutdown report. */
    public record Snapshot(
            int limit, int inFlight, long accepted, long shed, int lowest, int highest, long noLoadNanos) {}

    static final double SMOOTHING = 0.2;
    static final double MIN_GRADIENT = 0.5;
    /** Per 250 ms window: ~5 s to follow a moved baseline without load, ~2 min under load. */
    static final double DRIFT_UNLOADED = 0.05;

    static final double DRIFT_LOADED = 0.002;

    private final LimitConfig config;
    private final LongSupplier nanoTime;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder shed = new LongAdder();
    private volatile int limit;
    private double exactLimit;
    private int lowest;
    private int highest;
    private long noLoadNanos;
    private long windowStart;
    private long windowMin = Long.MAX_VALUE;
    private int windowSamples;
    private int windowPeak;

    public GradientLimit(LimitConfig config, LongSupplier nanoTime) {
        this.config = config;
        this.nanoTime = nanoTime;
        this.exactLimit = config.initial();
        this.limit = config.initial();
        this.lowest = limit;
        this.highest = limit;
        this.windowStart = nanoTime.getAsLong();
    }

    /** A permit, or -1 when the server is at its limit; pass the permit to {@link #release} when the request ends. */
    public long tryAcquire() {
        while (true) {
            int now = inFlight.get();
            if (now >= limit) {
                shed.increment();
                return -1;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                accepted.increment();
                synchronized (this) {
                    windowPeak = Math.max(windowPeak, now + 1);
                }
                return nanoTime.getAsLong();
            }
        }
    }

    /** Gives a permit back without a latency sample: a long-lived response's duration says nothing about load. */
    public void releaseUnmeasured() {
        inFlight.decrementAndGet();
    }

    public void release(long permit) {
        inFlight.decrementAndGet();
        long now = nanoTime.getAsLong();
        sample(Math.max(1, now - permit), now);
    }

    private synchronized void sample(long rtt, long now) {
        windowMin = Math.min(windowMin, rtt);
        windowSamples++;
        if (now - windowStart < config.window().toNanos() || windowSamples < config.minSamples()) {
            return;
        }
        adjust(windowMin);
        windowStart = now;
        windowMin = Long.MAX_VALUE;
        windowSamples = 0;
        windowPeak = inFlight.get();
    }

    private void adjust(long fastest) {
        boolean loaded = windowPeak * 2 >= exactLimit;
        // At its floor the limit cannot shed more, and what latency is left is the work's own (a burst of slow
        // requests only, such as workflow starts, after fast ones set the baseline): learn it, so the limit can grow.
        boolean atFloor = exactLimit < config.min() + 1;
        if (noLoadNanos == 0 || fastest < noLoadNanos) {
            noLoadNanos = fastest;
        } else {
            noLoadNanos += (long) ((fastest - noLoadNanos) * (loaded && !atFloor ? DRIFT_LOADED : DRIFT_UNLOADED));
        }
        double gradient = Math.max(MIN_GRADIENT, Math.min(1.0, config.tolerance() * noLoadNanos / (double) fastest));
        double target;
        if (gradient < 1.0) {
            target = exactLimit * gradient;
        } else if (loaded) {
            target = exactLimit + Math.sqrt(exactLimit);
        } else {
            return;
        }
        exactLimit = Math.max(config.min(), Math.min(config.max(), exactLimit * (1 - SMOOTHING) + target * SMOOTHING));
        limit = (int) Math.round(exactLimit);
        lowest = Math.min(lowest, limit);
        highest = Math.max(highest, limit);
    }

    public int limit() {
        return limit;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(limit, inFlight.get(), accepted.sum(), shed.sum(), lowest, highest, noLoadNanos);
    }
}
