package io.quiesce.rehearsal.rollout;

import static io.quiesce.lifecycle.log.EventLog.fields;

import io.quiesce.kubernetes.container.ImageJvm;
import io.quiesce.kubernetes.pod.PodEnvironment;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.rehearsal.balancer.HaProxy;
import io.quiesce.rehearsal.config.PodResources;
import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.pod.Kubelet;
import io.quiesce.rehearsal.pod.Pod;
import io.quiesce.rehearsal.pod.PodCgroup;
import io.quiesce.rehearsal.pod.PodCgroups;
import io.quiesce.rehearsal.release.Release;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.testkit.LibertyServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pods and the endpoints controller: a pod enters the balancer {@code endpoint-add-delay} after it became Ready and
 * leaves it a random {@code endpoint-remove-delay-min..max} after it became unready or was deleted, the time
 * kube-proxy on every node needs to hear of it. A change applies only if it still holds when its delay has passed.
 */
final class Fleet implements AutoCloseable {

    private final RehearsalConfig config;
    private final HaProxy balancer;
    private final Map<String, String> infrastructure;
    private final ScheduledExecutorService propagation;
    private final EventLog log;
    private final List<Pod> pods = new ArrayList<>();
    private final Random random;
    private final PodCgroups cgroups;
    private final ImageJvm image;

    /** The release's label, what the database and the report tell the releases apart by. */
    static final String CODE_VERSION = "QUIESCE_WORKFLOW_CODE_VERSION";

    Fleet(
            RehearsalConfig config,
            HaProxy balancer,
            Map<String, String> infrastructure,
            ScheduledExecutorService propagation,
            EventLog log) {
        this.config = config;
        this.balancer = balancer;
        this.infrastructure = infrastructure;
        this.propagation = propagation;
        this.log = log;
        this.random = new Random(config.seed());
        this.cgroups = PodCgroups.open(
                config.resources(), Long.toString(ProcessHandle.current().pid()), log);
        this.image = ImageJvm.of(config.root().resolve("Containerfile"));
    }

    synchronized List<Pod> pods() {
        return List.copyOf(pods);
    }

    /** A pod of {@code release}: its packaged server, recording its code version. */
    Pod create(Release release) throws IOException {
        int slot;
        synchronized (this) {
            slot = pods.size() + 1;
        }
        String name = "quiesce-" + slot;
        Map<String, String> env = new HashMap<>();
        // A value kustomize cannot render is a downward-API field; the overlays use metadata.name for the worker
        // identity and the Quartz node id.
        config.environment().forEach((key, value) -> env.put(key, value.equals(PodEnvironment.UNKNOWN) ? name : value));
        env.putAll(infrastructure);
        env.put(CODE_VERSION, release.version());
        PodCgroup cgroup = cgroups.join(name);
        env.putIfAbsent(ImageJvm.VARIABLE, jvmOptions(cgroup));
        LibertyServer server = LibertyServer.start(
                release.wlp(), Release.SERVER, config.output().resolve("pods").resolve(name), env, cgroup.launcher());
        Pod pod = new Pod(name, release.version(), slot, server, cgroup, System.nanoTime());
        ProcessHandle.of(server.pid()).ifPresent(process -> process.onExit().thenRun(() -> oomKilled(pod)));
        balancer.assign(slot, server.httpPort());
        synchronized (this) {
            pods.add(pod);
        }
        log.info(
                "rehearsal.pod_created",
                fields(
                        "pod",
                        name,
                        "release",
                        release.version(),
                        "port",
                        server.httpPort(),
                        "pid",
                        server.pid(),
                        "cgroup",
                        cgroup.version()));
        Kubelet.watch(pod, config.startup(), config.readiness().orElseThrow(), config.liveness(), () -> changed(pod));
        return pod;
    }

    /** The image's options, as the pod's JVM gets them; outside a cgroup it would size itself from the whole machine. */
    private String jvmOptions(PodCgroup cgroup) {
        PodResources resources = config.resources();
        return cgroup.confined()
                ? image.options()
                : image.sizedFor(
                        resources.memoryLimitBytes() > 0 ? Long.toString(resources.memoryLimitBytes()) : "",
                        resources.cpuCount());
    }

    /** Reported as the kubelet reports a container the kernel killed at its memory limit. */
    private void oomKilled(Pod pod) {
        pod.cgroup()
                .usage()
                .filter(usage -> usage.oomKills() > 0)
                .ifPresent(usage -> log.warn(
                        "rehearsal.pod_oom_killed",
                        fields(
                                "pod",
                                pod.name(),
                                "reason",
                                RunReport.PodResult.OOM_KILLED,
                                "exit_code",
                                137,
                                "memory_limit_bytes",
                                config.resources().memoryLimitBytes(),
                                "peak_bytes",
                                usage.peakBytes())));
    }

    /** Readiness changed or the pod was deleted: propagate the endpoint change after the delay. */
    void changed(Pod pod) {
        boolean endpoint = pod.endpoint();
        Duration delay = endpoint ? config.endpointAddDelay() : removeDelay();
        log.info(
                "rehearsal.endpoint_change",
                fields(
                        "pod",
                        pod.name(),
                        "ready",
                        pod.ready(),
                        "deleted",
                        pod.deleted(),
                        "endpoint",
                        endpoint,
                        "propagates_in_ms",
                        delay.toMillis()));
        propagation.schedule(
                () -> {
                    synchronized (pod) {
                        if (pod.endpoint() != endpoint) {
                            return;
                        }
                        if (endpoint) {
                            balancer.enable(pod.slot());
                        } else {
                            balancer.disable(pod.slot());
                        }
                        pod.inBalancer(endpoint);
                    }
                    log.info(
                            endpoint ? "rehearsal.endpoint_added" : "rehearsal.endpoint_removed",
                            fields("pod", pod.name()));
                },
                delay.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private Duration removeDelay() {
        long min = config.endpointRemoveDelayMin().toNanos();
        long max = config.endpointRemoveDelayMax().toNanos();
        synchronized (random) {
            return Duration.ofNanos(max == min ? min : random.nextLong(min, max + 1));
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Pod pod : pods()) {
            pod.server().close();
        }
        cgroups.close();
    }
}
