package io.quiesce.rehearsal.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.rehearsal.config.PodResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup file protocol against directory trees shaped like the kernel's: the files the kubelet writes for the
 * overlay's pod (500m request, 2 CPU limit, 768 MiB), and the counters read back. The real kernel: PodCgroupsIT.
 */
class PodCgroupsTest {

    private static final PodResources OVERLAY = new PodResources(500, 2000, 768L * 1024 * 1024, true);

    @TempDir
    Path root;

    private final EventLog log = EventLog.named(PodCgroupsTest.class.getName(), LogFormat.TEXT);

    @Test
    void v2WritesWeightQuotaAndMemoryMaxBelowTheRehearsalsOwnGroup() throws IOException {
        write(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids");
        Path own = Files.createDirectories(root.resolve("user.slice/rehearsal.scope"));
        write(own.resolve("cgroup.subtree_control"), "");
        Path self = write(root.resolve("self"), "0::/user.slice/rehearsal.scope\n");
        Path parent = own.resolve("quiesce-rehearsal-r1");
        Path pod = parent.resolve("quiesce-1");
        // The kernel makes a group's files when it is created; the tree makes them beforehand.
        write(parent.resolve("cgroup.subtree_control"), "");
        write(pod.resolve("memory.peak"), "");

        try (PodCgroups cgroups = PodCgroups.open(root, self, OVERLAY, "r1", log)) {
            PodCgroup cgroup = cgroups.join("quiesce-1");

            assertThat(cgroup.version()).isEqualTo("v2");
            assertThat(Files.readString(own.resolve("cgroup.subtree_control"))).isEqualTo("+cpu +memory");
            assertThat(Files.readString(parent.resolve("cgroup.subtree_control")))
                    .isEqualTo("+cpu +memory");
            assertThat(Files.readString(pod.resolve("cpu.weight"))).isEqualTo("20");
            assertThat(Files.readString(pod.resolve("cpu.max"))).isEqualTo("200000 100000");
            assertThat(Files.readString(pod.resolve("memory.max"))).isEqualTo("805306368");
            assertThat(cgroup.launcher())
                    .containsExactly(
                            "/bin/sh",
                            "-c",
                            "echo $$ > '" + pod.resolve("cgroup.procs") + "' && exec \"$@\"",
                            "quiesce-pod");

            write(pod.resolve("cpu.stat"), "usage_usec 900\nnr_periods 40\nnr_throttled 3\nthrottled_usec 250000\n");
            write(pod.resolve("memory.peak"), "536870912\n");
            write(pod.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
            assertThat(cgroup.usage()).contains(new CgroupUsage(40, 3, 0.25, 536870912, 1));
            removeFiles(pod);
            removeFiles(parent);
        }
        assertThat(parent).doesNotExist();
    }

    @Test
    void v2WithoutLimitsWritesMax() throws IOException {
        write(root.resolve("cgroup.controllers"), "cpu memory");
        write(root.resolve("cgroup.subtree_control"), "cpu memory");
        Path self = write(root.resolve("self"), "0::/\n");
        write(root.resolve("quiesce-rehearsal-r2/cgroup.subtree_control"), "");
        Path pod = Files.createDirectories(root.resolve("quiesce-rehearsal-r2/quiesce-1"));
        write(pod.resolve("memory.peak"), "");

        try (PodCgroups cgroups = PodCgroups.open(root, self, new PodResources(0, 0, 0, true), "r2", log)) {
            cgroups.join("quiesce-1");

            assertThat(Files.readString(pod.resolve("cpu.weight"))).isEqualTo("1");
            assertThat(Files.readString(pod.resolve("cpu.max"))).isEqualTo("max 100000");
            assertThat(Files.readString(pod.resolve("memory.max"))).isEqualTo("max");
            removeFiles(pod);
            removeFiles(root.resolve("quiesce-rehearsal-r2"));
        }
    }

    @Test
    void v1WritesSharesQuotaAndMemoryLimitInEachControllersHierarchy() throws IOException {
        write(root.resolve("cpu/cpu.cfs_quota_us"), "-1");
        write(root.resolve("memory/memory.limit_in_bytes"), "9223372036854771712");
        Path self = write(root.resolve("self"), "4:memory:/jobs/42\n1:cpu,cpuacct:/\n0::/\n");
        Path cpu = root.resolve("cpu/quiesce-rehearsal-r3/quiesce-1");
        Path memory = root.resolve("memory/jobs/42/quiesce-rehearsal-r3/quiesce-1");

        try (PodCgroups cgroups = PodCgroups.open(root, self, OVERLAY, "r3", log)) {
            PodCgroup cgroup = cgroups.join("quiesce-1");

            assertThat(cgroup.version()).isEqualTo("v1");
            assertThat(Files.readString(cpu.resolve("cpu.shares"))).isEqualTo("512");
            assertThat(Files.readString(cpu.resolve("cpu.cfs_period_us"))).isEqualTo("100000");
            assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us"))).isEqualTo("200000");
            assertThat(Files.readString(memory.resolve("memory.limit_in_bytes")))
                    .isEqualTo("805306368");
            assertThat(cgroup.launcher().get(2))
                    .isEqualTo("echo $$ > '" + cpu.resolve("cgroup.procs") + "' && echo $$ > '"
                            + memory.resolve("cgroup.procs") + "' && exec \"$@\"");

            write(cpu.resolve("cpu.stat"), "nr_periods 100\nnr_throttled 7\nthrottled_time 1500000000\n");
            write(memory.resolve("memory.max_usage_in_bytes"), "400000000\n");
            write(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\n");
            assertThat(cgroup.usage()).contains(new CgroupUsage(100, 7, 1.5, 400000000, 0));
            Path parentShares = root.resolve("cpu/quiesce-rehearsal-r3/cpu.shares");
            assertThat(Files.readString(parentShares))
                    .isEqualTo(Long.toString(Runtime.getRuntime().availableProcessors() * 1024L));
            removeFiles(cpu);
            removeFiles(memory);
            Files.delete(parentShares);
        }
        assertThat(root.resolve("cpu/quiesce-rehearsal-r3")).doesNotExist();
        assertThat(root.resolve("memory/jobs/42/quiesce-rehearsal-r3")).doesNotExist();
    }

    @Test
    void withoutAHierarchyThePodsRunUnconfinedAndSayWhy() throws IOException {
        Path self = write(root.resolve("self"), "0::/\n");

        try (PodCgroups cgroups = PodCgroups.open(root, self, OVERLAY, "r4", log)) {
            PodCgroup cgroup = cgroups.join("quiesce-1");

            assertThat(cgroup.confined()).isFalse();
            assertThat(cgroup.version()).isEqualTo("off: no cgroup v1 cpu controller at " + root.resolve("cpu"));
            assertThat(cgroup.launcher()).isEmpty();
            assertThat(cgroup.usage()).isEmpty();
        }
    }

    @Test
    void offLeavesTheMachineAlone() throws IOException {
        write(root.resolve("cpu/cpu.cfs_quota_us"), "-1");
        write(root.resolve("memory/memory.limit_in_bytes"), "0");
        Path self = write(root.resolve("self"), "1:cpu:/\n");

        try (PodCgroups cgroups = PodCgroups.open(root, self, new PodResources(500, 2000, 1, false), "r5", log)) {
            assertThat(cgroups.join("quiesce-1").version()).isEqualTo("off: -Dquiesce.rehearsal.cgroups=off");
        }
        assertThat(root.resolve("cpu/quiesce-rehearsal-r5")).doesNotExist();
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** What the kernel does at rmdir: a group's files go with it. */
    private static void removeFiles(Path group) throws IOException {
        try (var files = Files.list(group)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
    }
}
