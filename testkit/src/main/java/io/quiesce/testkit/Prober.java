package io.quiesce.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Probes like the kubelet: a new connection per probe, every period, a timeout, no retry. A probe slower than the
 * timeout counts as failed even when an answer came; 200-399 is success, as for an {@code httpGet} probe.
 */
public final class Prober {

    /** How often a wait between probes checks whether to go on. */
    private static final Duration CHECK = Duration.ofMillis(100);

    /** One probe as the kubelet would see it: its latency, or a timeout / error (status -1). */
    public record Probe(String name, long sentNanos, double millis, int status) {
        public boolean failed() {
            return status < 200 || status >= 400;
        }
    }

    private Prober() {}

    public static Probe probe(String name, int port, String path, Duration timeout) {
        long sent = System.nanoTime();
        int status;
        try (HttpConnection c = HttpConnection.open("127.0.0.1", port, timeout)) {
            status = c.get(path).status();
        } catch (IOException e) {
            status = -1;
        }
        double millis = (System.nanoTime() - sent) / 1e6;
        return new Probe(name, sent, millis, millis > timeout.toMillis() ? -1 : status);
    }

    /**
     * Probes {@code initialDelay} from now and then every {@code period}, handing each probe to {@code each}, until it
     * returns false or {@code running} turns false (checked while waiting, so a stop ends the wait).
     */
    public static void every(
            String name,
            int port,
            String path,
            Duration initialDelay,
            Duration period,
            Duration timeout,
            BooleanSupplier running,
            Predicate<Probe> each) {
        for (long next = System.nanoTime() + initialDelay.toNanos(); ; next += period.toNanos()) {
            while (System.nanoTime() < next) {
                if (!running.getAsBoolean()) {
                    return;
                }
                LockSupport.parkNanos(Math.min(next - System.nanoTime(), CHECK.toNanos()));
            }
            if (!running.getAsBoolean() || !each.test(probe(name, port, path, timeout))) {
                return;
            }
        }
    }

    /** Probes every period on a daemon thread of its own, into {@code probes}, until {@code probing} turns false. */
    public static Thread start(
            String name,
            int port,
            String path,
            Duration period,
            Duration timeout,
            Queue<Probe> probes,
            AtomicBoolean probing) {
        Thread t = new Thread(
                () -> every(name, port, path, Duration.ZERO, period, timeout, probing::get, probes::add),
                "probe-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
