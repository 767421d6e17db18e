package io.quiesce.rehearsal.rollout;

import static io.quiesce.lifecycle.log.EventLog.fields;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.pod.Pod;
import io.quiesce.rehearsal.release.Release;
import io.quiesce.testkit.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Deployment's rolling update, {@code replacements} pods long: new pods start while fewer than replicas + maxSurge
 * are live, and the oldest pod is deleted while the Ready pods without it are at least replicas - maxUnavailable.
 * Deleting a pod is Kubernetes' termination: it leaves the endpoints (after the propagation delay) while the preStop
 * sleep runs, then SIGTERM, then SIGKILL when the grace period, counted from the deletion, has passed. The initial
 * replicas run the {@code initial} release (the previous one in an upgrade), every pod the rollout creates the
 * {@code target} release, so the first replicas' replacements are the upgrade.
 */
public final class Rollout {

    private final RehearsalConfig config;
    private final Fleet fleet;
    private final ScheduledExecutorService timers;
    private final EventLog log;
    private final Release initial;
    private final Release target;
    private final Progress progress;
    private final List<Pod> deleting = new ArrayList<>();
    private int created;
    private int deleted;

    Rollout(
            RehearsalConfig config,
            Fleet fleet,
            ScheduledExecutorService timers,
            EventLog log,
            Release initial,
            Release target,
            Progress progress) {
        this.config = config;
        this.progress = progress;
        this.initial = initial;
        this.target = target;
        this.fleet = fleet;
        this.timers = timers;
        this.log = log;
    }

    /** The initial replicas, until each is Ready and in the balancer. */
    void deployInitial() throws IOException {
        for (int i = 0; i < config.replicas(); i++) {
            fleet.create(initial);
        }
        awaitReady("the initial " + config.replicas() + " pods");
    }

    /** Runs the rolling update to the end and waits until every deleted pod has exited. */
    void run() {
        Poll.require(
                "the rolling update of " + config.replacements() + " pods",
                config.rolloutTimeout(),
                Duration.ofMillis(100),
                () -> reconcile() ? Optional.of(true) : Optional.empty());
        Duration exitWait = config.gracePeriod().plusSeconds(60);
        Poll.require(
                "every deleted pod to exit",
                exitWait,
                Duration.ofMillis(100),
                () -> deleting.stream().allMatch(Pod::exited) ? Optional.of(true) : Optional.empty());
    }

    /** One step of the controller; true when the rollout is complete. */
    private boolean reconcile() {
        List<Pod> live = fleet.pods().stream().filter(p -> !p.deleted()).toList();
        live.stream().filter(Pod::hasStartupFailed).findFirst().ifPresent(p -> {
            throw new IllegalStateException(
                    p.name() + " never passed its startup probe:\n" + p.server().logs());
        });
        if (created < config.replacements() && live.size() < config.replicas() + config.maxSurge()) {
            try {
                fleet.create(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            created++;
            return false;
        }
        if (deleted < config.replacements()) {
            Pod oldest = live.get(0);
            long readyWithout =
                    live.stream().filter(p -> p != oldest && p.ready()).count();
            if (readyWithout >= config.replicas() - config.maxUnavailable()
                    && live.size() > config.replicas() - config.maxUnavailable()) {
                delete(oldest);
                return false;
            }
        }
        return created == config.replacements()
                && deleted == config.replacements()
                && live.stream().allMatch(Pod::inBalancer);
    }

    private void delete(Pod pod) {
        deleted++;
        deleting.add(pod);
        long deletedAt = System.nanoTime();
        pod.deleted(deletedAt);
        log.info(
                "rehearsal.pod_deleted",
                fields(
                        "pod",
                        pod.name(),
                        "prestop_sleep_ms",
                        config.preStopSleep().toMillis(),
                        "grace_period_ms",
                        config.gracePeriod().toMillis()));
        fleet.changed(pod);
        Thread termination = new Thread(() -> terminate(pod, deletedAt), "terminate-" + pod.name());
        termination.setDaemon(true);
        // Started when the preStop sleep ends; the kubelet sends SIGTERM right after the hook.
        timers.schedule(termination::start, config.preStopSleep().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void terminate(Pod pod, long deletedAt) {
        try {
            pod.sigterm(System.nanoTime());
            pod.server().sigterm();
            Duration left = Duration.ofNanos(
                    Math.max(0, deletedAt + config.gracePeriod().toNanos() - System.nanoTime()));
            Optional<Integer> code = pod.server().awaitExit(left);
            boolean killed = code.isEmpty();
            if (killed) {
                pod.server().sigkill();
                code = pod.server().awaitExit(Duration.ofSeconds(30));
            }
            pod.exited(System.nanoTime(), code.orElse(-1), killed);
            progress.replaced(pod);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(String what) {
        Duration timeout = config.startup()
                .map(s -> s.period().multipliedBy(s.failureThreshold()).plus(s.initialDelay()))
                .orElse(Duration.ofMinutes(5))
                .plusMinutes(1);
        Poll.require(what + " to be Ready and in the balancer", timeout, Duration.ofMillis(100), () -> {
            List<Pod> pods = fleet.pods();
            pods.stream().filter(Pod::hasStartupFailed).findFirst().ifPresent(p -> {
                throw new IllegalStateException(p.name() + " never passed its startup probe:\n"
                        + p.server().logs());
            });
            return pods.stream().allMatch(Pod::inBalancer) ? Optional.of(true) : Optional.empty();
        });
    }
}
