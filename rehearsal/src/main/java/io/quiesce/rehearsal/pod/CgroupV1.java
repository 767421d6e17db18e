package io.quiesce.rehearsal.pod;

import io.quiesce.rehearsal.config.PodResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** cgroup v1: the {@code cpu} and {@code memory} controllers, each its own hierarchy with its own parent group. */
final class CgroupV1 implements Hierarchy {

    private final Path cpu;
    private final Path memory;
    private final PodResources resources;

    private CgroupV1(Path cpu, Path memory, PodResources resources) {
        this.cpu = cpu;
        this.memory = memory;
        this.resources = resources;
    }

    /**
     * The parent groups, below the rehearsal's own groups ({@code own}: controller to path, from
     * {@code /proc/self/cgroup}) so that the pods stay inside whatever confines the rehearsal.
     */
    static CgroupV1 create(Path root, Map<String, String> own, String run, PodResources resources) throws IOException {
        Path cpu = parent(root, "cpu", "cpu.cfs_quota_us", own, run);
        try {
            Hierarchy.write(cpu.resolve("cpu.shares"), PodResources.nodeShares());
            return new CgroupV1(cpu, parent(root, "memory", "memory.limit_in_bytes", own, run), resources);
        } catch (IOException e) {
            Hierarchy.rmdir(cpu);
            throw e;
        }
    }

    private static Path parent(Path root, String controller, String file, Map<String, String> own, String run)
            throws IOException {
        Path mount = root.resolve(controller);
        if (!Files.exists(mount.resolve(file))) {
            throw new IOException("no cgroup v1 " + controller + " controller at " + mount);
        }
        Path parent =
                mount.resolve(own.getOrDefault(controller, "/").substring(1)).resolve(run);
        Files.createDirectories(parent);
        return parent;
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public List<Path> create(String pod) throws IOException {
        Path cpuGroup = Files.createDirectories(cpu.resolve(pod));
        Hierarchy.write(cpuGroup.resolve("cpu.shares"), resources.cpuShares());
        Hierarchy.write(cpuGroup.resolve("cpu.cfs_period_us"), PodResources.CPU_PERIOD_MICROS);
        Hierarchy.write(cpuGroup.resolve("cpu.cfs_quota_us"), resources.cpuQuotaMicros());
        Path memoryGroup = Files.createDirectories(memory.resolve(pod));
        if (resources.memoryLimitBytes() > 0) {
            Hierarchy.write(memoryGroup.resolve("memory.limit_in_bytes"), resources.memoryLimitBytes());
        }
        return List.of(cpuGroup.resolve("cgroup.procs"), memoryGroup.resolve("cgroup.procs"));
    }

    @Override
    public CgroupUsage usage(String pod) {
        Path stat = cpu.resolve(pod).resolve("cpu.stat");
        Path memoryGroup = memory.resolve(pod);
        Path oom = memoryGroup.resolve("memory.oom_control");
        return new CgroupUsage(
                Hierarchy.field(stat, "nr_periods"),
                Hierarchy.field(stat, "nr_throttled"),
                Hierarchy.field(stat, "throttled_time") / 1e9,
                Long.parseLong(Hierarchy.read(memoryGroup.resolve("memory.max_usage_in_bytes"))),
                Hierarchy.field(oom, "oom_kill"));
    }

    @Override
    public void remove(List<String> pods) throws IOException {
        for (String pod : pods) {
            Hierarchy.rmdir(cpu.resolve(pod));
            Hierarchy.rmdir(memory.resolve(pod));
        }
        Hierarchy.rmdir(cpu);
        Hierarchy.rmdir(memory);
    }
}
