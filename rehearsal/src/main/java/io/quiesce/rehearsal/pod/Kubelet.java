package io.quiesce.rehearsal.pod;

import io.quiesce.rehearsal.config.ProbeSpec;
import io.quiesce.testkit.Prober;
import io.quiesce.testkit.Prober.Probe;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The kubelet's probes of one pod ({@link Prober}): the startup probe until it succeeds, then readiness and liveness side
 * by side, each with its period, timeout and thresholds, until the server exits. A pod is Ready after
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
        boolean[] started = {false};
        int[] failures = {0};
        probe(spec, probe -> {
            if (!probe.failed()) {
                started[0] = true;
                return false;
            }
            return ++failures[0] < spec.failureThreshold();
        });
        return started[0];
    }

    private void readiness(ProbeSpec spec) {
        int[] successes = {0};
        int[] failures = {0};
        probe(spec, probe -> {
            if (!probe.failed()) {
                failures[0] = 0;
                if (++successes[0] >= spec.successThreshold() && !pod.ready()) {
                    pod.readiness(true, System.nanoTime());
                    onReadinessChange.run();
                }
            } else {
                successes[0] = 0;
                if (++failures[0] >= spec.failureThreshold() && pod.ready()) {
                    pod.readiness(false, System.nanoTime());
                    onReadinessChange.run();
                }
            }
            return true;
        });
    }

    /** A failed liveness probe would restart the container; the rehearsal counts it as a failure and lets it run. */
    private void liveness(ProbeSpec spec) {
        int[] failures = {0};
        probe(spec, probe -> {
            if (!probe.failed()) {
                failures[0] = 0;
            } else if (++failures[0] >= spec.failureThreshold() && !pod.leaving()) {
                pod.livenessFailed();
                failures[0] = 0;
            }
            return true;
        });
    }

    /** Until the server exits or {@code each} says stop. */
    private void probe(ProbeSpec spec, Predicate<Probe> each) {
        Prober.every(
                pod.name() + "-" + spec.kind(),
                pod.server().httpPort(),
                spec.path(),
                spec.initialDelay(),
                spec.period(),
                spec.timeout(),
                pod.server()::isAlive,
                each);
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, "kubelet-" + name);
        thread.setDaemon(true);
        return thread;
    }
}
