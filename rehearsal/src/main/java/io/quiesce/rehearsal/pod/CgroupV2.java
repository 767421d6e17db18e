package io.quiesce.rehearsal.pod;

import io.quiesce.rehearsal.config.PodResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * cgroup v2: one unified hierarchy; the parent group enables the {@code cpu} and {@code memory} controllers for the
 * pods' groups. Kernels before 5.19 have no {@code memory.peak}: then {@code memory.current} is sampled every 200 ms.
 */
final class CgroupV2 implements Hierarchy {

    private static final String CONTROLLERS = "+cpu +memory";

    private final Path parent;
    private final PodResources resources;
    private final Map<String, Long> sampledPeak = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;

    private CgroupV2(Path parent, PodResources resources) {
        this.parent = parent;
        this.resources = resources;
    }

    /**
     * The parent group below the rehearsal's own ({@code own}, from {@code /proc/self/cgroup}). The kernel refuses to
     * give controllers to the children of a group that holds processes (other than the root): then the rehearsal runs
     * unconfined, and the error says so.
     */
    static CgroupV2 create(Path root, String own, String run, PodResources resources) throws IOException {
        Set<String> available =
                Set.of(Hierarchy.read(root.resolve("cgroup.controllers")).split(" "));
        if (!available.containsAll(Set.of("cpu", "memory"))) {
            throw new IOException("cgroup v2 at " + root + " offers " + available + ", not cpu and memory");
        }
        Path ownGroup = root.resolve(own.substring(1));
        enableControllers(ownGroup);
        Path parent = Files.createDirectories(ownGroup.resolve(run));
        Hierarchy.write(parent.resolve("cpu.weight"), PodResources.weight(PodResources.nodeShares()));
        enableControllers(parent);
        return new CgroupV2(parent, resources);
    }

    private static void enableControllers(Path group) throws IOException {
        Set<String> enabled =
                Set.of(Hierarchy.read(group.resolve("cgroup.subtree_control")).split(" "));
        if (!enabled.containsAll(Set.of("cpu", "memory"))) {
            try {
                Hierarchy.write(group.resolve("cgroup.subtree_control"), CONTROLLERS);
            } catch (IOException e) {
                throw new IOException(
                        "cannot enable " + CONTROLLERS + " in " + group.resolve("cgroup.subtree_control") + " (" + e
                                + ")",
                        e);
            }
        }
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    public synchronized List<Path> create(String pod) throws IOException {
        Path group = Files.createDirectories(parent.resolve(pod));
        Hierarchy.write(group.resolve("cpu.weight"), resources.cpuWeight());
        long quota = resources.cpuQuotaMicros();
        Hierarchy.write(
                group.resolve("cpu.max"),
                (quota < 0 ? "max" : Long.toString(quota)) + " " + PodResources.CPU_PERIOD_MICROS);
        Hierarchy.write(
                group.resolve("memory.max"),
                resources.memoryLimitBytes() > 0 ? Long.toString(resources.memoryLimitBytes()) : "max");
        if (!Files.exists(group.resolve("memory.peak"))) {
            sample(pod);
        }
        return List.of(group.resolve("cgroup.procs"));
    }

    private void sample(String pod) {
        if (sampler == null) {
            sampler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "cgroup-memory-sampler");
                thread.setDaemon(true);
                return thread;
            });
        }
        Path current = parent.resolve(pod).resolve("memory.current");
        sampler.scheduleAtFixedRate(
                () -> {
                    if (Files.exists(current)) {
                        sampledPeak.merge(pod, Long.parseLong(Hierarchy.read(current)), Math::max);
                    }
                },
                0,
                200,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public CgroupUsage usage(String pod) {
        Path group = parent.resolve(pod);
        Path stat = group.resolve("cpu.stat");
        Path peak = group.resolve("memory.peak");
        return new CgroupUsage(
                Hierarchy.field(stat, "nr_periods"),
                Hierarchy.field(stat, "nr_throttled"),
                Hierarchy.field(stat, "throttled_usec") / 1e6,
                Files.exists(peak) ? Long.parseLong(Hierarchy.read(peak)) : sampledPeak.getOrDefault(pod, 0L),
                Hierarchy.field(group.resolve("memory.events"), "oom_kill"));
    }

    @Override
    public synchronized void remove(List<String> pods) throws IOException {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        for (String pod : pods) {
            Hierarchy.rmdir(parent.resolve(pod));
        }
        Hierarchy.rmdir(parent);
    }
}
