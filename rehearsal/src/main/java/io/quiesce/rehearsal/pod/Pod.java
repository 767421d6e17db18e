package io.quiesce.rehearsal.pod;

import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.ProcessStats;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica: its server process and what the kubelet, the endpoints controller and the rollout observed of it.
 * Times are {@link System#nanoTime()} values; 0 means "not yet".
 */
public final class Pod {

    /** A readiness or balancer change at {@code nanos}: {@code on} is Ready, or in the balancer. */
    public record Change(long nanos, boolean on) {}

    private final String name;
    private final String release;
    private final int slot;
    private final LibertyServer server;
    private final PodCgroup cgroup;
    private final long createdNanos;
    private final AtomicInteger readinessRemovals = new AtomicInteger();
    private final AtomicInteger livenessFailures = new AtomicInteger();
    private volatile long startedNanos;
    private volatile long readyNanos;
    private volatile ProcessStats atReady;
    private volatile boolean ready;
    private volatile boolean inBalancer;
    private volatile boolean startupFailed;
    private volatile boolean retired;
    private volatile long deletedNanos;
    private volatile long sigtermNanos;
    private volatile long exitNanos;
    private volatile Integer exitCode;
    private volatile boolean sigkilled;
    private final List<Change> readinessChanges = new CopyOnWriteArrayList<>();
    private final List<Change> balancerChanges = new CopyOnWriteArrayList<>();

    /** @param release the code version of the release it runs */
    public Pod(String name, String release, int slot, LibertyServer server, PodCgroup cgroup, long createdNanos) {
        this.name = name;
        this.release = release;
        this.slot = slot;
        this.server = server;
        this.cgroup = cgroup;
        this.createdNanos = createdNanos;
    }

    public String name() {
        return name;
    }

    public String release() {
        return release;
    }

    public int slot() {
        return slot;
    }

    public LibertyServer server() {
        return server;
    }

    public PodCgroup cgroup() {
        return cgroup;
    }

    public long createdNanos() {
        return createdNanos;
    }

    public boolean ready() {
        return ready;
    }

    public boolean deleted() {
        return deletedNanos != 0;
    }

    public boolean exited() {
        return exitNanos != 0;
    }

    /** In the Service: Ready and not being deleted (a deleted pod leaves the endpoints at once). */
    public boolean endpoint() {
        return ready && !deleted();
    }

    public boolean inBalancer() {
        return inBalancer;
    }

    public void inBalancer(boolean balanced) {
        if (balanced != inBalancer) {
            balancerChanges.add(new Change(System.nanoTime(), balanced));
        }
        inBalancer = balanced;
    }

    /** Every time it became Ready or unready, in order. */
    public List<Change> readinessChanges() {
        return List.copyOf(readinessChanges);
    }

    /** Every time it entered or left the balancer, in order. */
    public List<Change> balancerChanges() {
        return List.copyOf(balancerChanges);
    }

    void started(long nanos) {
        startedNanos = nanos;
    }

    void readiness(boolean nowReady, long nanos) {
        if (nowReady && readyNanos == 0) {
            readyNanos = nanos;
            atReady = ProcessStats.of(server.pid()).orElse(null);
        }
        if (ready && !nowReady && !leaving()) {
            readinessRemovals.incrementAndGet();
        }
        if (nowReady != ready) {
            readinessChanges.add(new Change(nanos, nowReady));
        }
        ready = nowReady;
    }

    void livenessFailed() {
        livenessFailures.incrementAndGet();
    }

    void startupFailed() {
        startupFailed = true;
    }

    /** Stopped after the rehearsal: its shutdown is not part of the rollout and not reported. */
    public void retire() {
        retired = true;
    }

    /** Deleted by the rollout or retired at the end: its probes failing now is its shutdown, not a fault. */
    public boolean leaving() {
        return deleted() || retired;
    }

    public void deleted(long nanos) {
        deletedNanos = nanos;
    }

    public void sigterm(long nanos) {
        sigtermNanos = nanos;
    }

    public void exited(long nanos, int code, boolean killed) {
        exitNanos = nanos;
        exitCode = code;
        sigkilled = killed;
    }

    public boolean hasStartupFailed() {
        return startupFailed;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public long readyNanos() {
        return readyNanos;
    }

    public Optional<ProcessStats> atReady() {
        return Optional.ofNullable(atReady);
    }

    public int readinessRemovals() {
        return readinessRemovals.get();
    }

    public int livenessFailures() {
        return livenessFailures.get();
    }

    public long deletedNanos() {
        return deletedNanos;
    }

    public long sigtermNanos() {
        return sigtermNanos;
    }

    public long exitNanos() {
        return exitNanos;
    }

    public Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }

    public boolean sigkilled() {
        return sigkilled;
    }
}
