package io.quiesce.rehearsal.pod;

import io.quiesce.rehearsal.config.ProbeSpec;
import io.quiesce.testkit.Http;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The kubelet's probes of one pod: the startup probe until it succeeds, then readiness and liveness side by side,
 * each every period on a new connection with its timeout and thresholds, until the server exits. A pod is Ready after
 * {@code successThreshold} successes and unready after {@code failureThreshold} failures; a pod without a startup
 * probe counts as started at once. Two threads per pod while it runs (startup, then readiness and liveness).
 */
public final class Kubelet {

    private final Pod pod;
    private final Runnable onReadinessChange;

    private Kubelet(Pod pod, Runnable onReadinessChange) {
        this.pod = pod;
        this.onReadinessChange = onReadinessChange;
    }

    public static void watch(
            Pod pod,
            Optional<ProbeSpec> startup,
            ProbeSpec readiness,
            Optional<ProbeSpec> liveness,
            Runnable onReadinessChange) {
        Kubelet kubelet = new Kubelet(pod, onReadinessChange);
        Thread probes = new Thread(
                () -> {
                    if (startup.isPresent() && !kubelet.untilStarted(startup.get())) {
                        pod.startupFailed();
                        return;
                    }
                    pod.started(System.nanoTime());
                    liveness.ifPresent(spec -> daemon(pod.name() + "-liveness", () -> kubelet.liveness(spec))
                            .start());
                    kubelet.readiness(readiness);
                },
                "kubelet-" + pod.name());
        probes.setDaemon(true);
        probes.start();
    }

    private boolean untilStarted(ProbeSpec spec) {
        long next = System.nanoTime() + spec.initialDelay().toNanos();
        for (int failures = 0; failures < spec.failureThreshold(); failures++) {
            next = awaitPeriod(next, spec);
            if (next < 0) {
                return false;
            }
            if (succeeds(spec)) {
                return true;
            }
        }
        return false;
    }

    private void readiness(ProbeSpec spec) {
        int successes = 0;
        int failures = 0;
        for (long next = System.nanoTime() + spec.initialDelay().toNanos(); (next = awaitPeriod(next, spec)) >= 0; ) {
            if (succeeds(spec)) {
                failures = 0;
                if (++successes >= spec.successThreshold() && !pod.ready()) {
                    pod.readiness(true, System.nanoTime());
                    onReadinessChange.run();
                }
            } else {
                successes = 0;
                if (++failures >= spec.failureThreshold() && pod.ready()) {
                    pod.readiness(false, System.nanoTime());
                    onReadinessChange.run();
                }
            }
        }
    }

    /** A failed liveness probe would restart the container; the rehearsal counts it as a failure and lets it run. */
    private void liveness(ProbeSpec spec) {
        int failures = 0;
        for (long next = System.nanoTime() + spec.initialDelay().toNanos(); (next = awaitPeriod(next, spec)) >= 0; ) {
            if (succeeds(spec)) {
                failures = 0;
            } else if (++failures >= spec.failureThreshold() && !pod.leaving()) {
                pod.livenessFailed();
                failures = 0;
            }
        }
    }

    /** Waits for the next probe time; -1 once the server has exited. */
    private long awaitPeriod(long next, ProbeSpec spec) {
        while (System.nanoTime() < next) {
            if (!pod.server().isAlive()) {
                return -1;
            }
            LockSupport.parkNanos(
                    Math.min(next - System.nanoTime(), Duration.ofMillis(100).toNanos()));
        }
        return pod.server().isAlive() ? next + spec.period().toNanos() : -1;
    }

    /** Kubernetes counts 200-399 as success; a probe slower than its timeout fails. */
    private boolean succeeds(ProbeSpec spec) {
        long sent = System.nanoTime();
        boolean answered = Http.tryGet(pod.server().httpPort(), spec.path(), spec.timeout())
                .filter(response -> response.status() >= 200 && response.status() < 400)
                .isPresent();
        return answered && System.nanoTime() - sent <= spec.timeout().toNanos();
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, "kubelet-" + name);
        thread.setDaemon(true);
        return thread;
    }
}
