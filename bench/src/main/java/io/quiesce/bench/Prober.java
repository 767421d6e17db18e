package io.quiesce.bench;

import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.HttpResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/** Probes like the kubelet: a new connection per probe, every period, a timeout, no retry. */
final class Prober {

    /** One probe as the kubelet would see it: its latency, or a timeout / error (status -1). */
    record Probe(String name, long sentNanos, double millis, int status) {
        boolean failed() {
            return status != 200;
        }
    }

    private Prober() {}

    static Thread start(
            String name,
            int port,
            String path,
            Duration period,
            Duration timeout,
            Queue<Probe> probes,
            AtomicBoolean probing) {
        Thread t = new Thread(
                () -> {
                    long next = System.nanoTime();
                    while (probing.get()) {
                        long sent = System.nanoTime();
                        int status;
                        try (HttpConnection c = HttpConnection.open("127.0.0.1", port, timeout)) {
                            HttpResponse response = c.get(path);
                            status = response.status();
                        } catch (IOException e) {
                            status = -1;
                        }
                        double millis = (System.nanoTime() - sent) / 1e6;
                        probes.add(new Probe(name, sent, millis, millis > timeout.toMillis() ? -1 : status));
                        next += period.toNanos();
                        LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                    }
                },
                "probe-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
