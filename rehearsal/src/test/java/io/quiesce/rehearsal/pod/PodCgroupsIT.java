package io.quiesce.rehearsal.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.rehearsal.config.PodResources;
import io.quiesce.testkit.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pods' cgroups on this machine's kernel. Where the cgroup file systems are writable (CI runs as root) a process
 * started behind the launcher keeps its pid, lives in the pod's groups, is OOM-killed at the memory limit and counted
 * so, and the groups are gone afterwards; where they are not, the rehearsal runs unconfined and says which file it
 * could not write. Either way something real is asserted: the test never skips.
 */
class PodCgroupsIT {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final PodResources SMALL = new PodResources(250, 500, 64L * 1024 * 1024, true);

    private final EventLog log = EventLog.named(PodCgroupsIT.class.getName(), LogFormat.TEXT);

    @Test
    void aPodProcessRunsInItsGroupsAndIsOomKilledAtItsLimit() throws Exception {
        String run = "it-" + ProcessHandle.current().pid();
        boolean writable = Files.isWritable(ROOT.resolve("cgroup.controllers"))
                || Files.isWritable(ROOT.resolve("cgroup.subtree_control"))
                || Files.isWritable(ROOT.resolve("cpu"));
        PodCgroup cgroup;
        try (PodCgroups cgroups = PodCgroups.open(SMALL, run, log)) {
            cgroup = cgroups.join("quiesce-1");
            if (!writable) {
                assertThat(cgroup.confined()).isFalse();
                assertThat(cgroup.version()).startsWith("off: ").contains("/sys/fs/cgroup");
                return;
            }
            assertThat(cgroup.confined())
                    .as("cgroups are writable here, so the pod must be confined: %s", cgroup.version())
                    .isTrue();

            Process sleeper = start(cgroup, "sleep", "60");
            try {
                Path proc = Path.of("/proc", Long.toString(sleeper.pid()));
                Poll.untilTrue(
                        "the launcher to exec the command in its own place",
                        Duration.ofSeconds(10),
                        () -> read(proc.resolve("comm")).equals("sleep"));
                assertThat(read(proc.resolve("cgroup"))).contains("quiesce-rehearsal-" + run + "/quiesce-1");
            } finally {
                sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }

            // tail keeps the current line in memory, and /dev/zero has no line end.
            Process hog = start(cgroup, "tail", "/dev/zero");
            assertThat(hog.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(hog.exitValue())
                    .as("killed by SIGKILL, as the kubelet reports OOMKilled")
                    .isEqualTo(137);
            CgroupUsage usage = cgroup.usage().orElseThrow();
            assertThat(usage.oomKills()).isEqualTo(1);
            assertThat(usage.peakBytes()).isBetween(SMALL.memoryLimitBytes() / 2, SMALL.memoryLimitBytes());
            assertThat(usage.periods()).isPositive();
        }
        assertThat(cgroup.usage()).as("the groups are removed").isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process start(PodCgroup cgroup, String... command) throws IOException {
        List<String> line = new ArrayList<>(cgroup.launcher());
        line.addAll(List.of(command));
        return new ProcessBuilder(line).redirectErrorStream(true).start();
    }
}
