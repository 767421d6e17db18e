package io.quiesce.rehearsal.pod;

import static io.quiesce.lifecycle.log.EventLog.fields;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.rehearsal.config.PodResources;
import io.quiesce.testkit.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The pods' cgroups, as the kubelet makes them: one group per pod with the overlay's CPU share, CPU quota and memory
 * limit, below one parent group for the rehearsal. cgroup v2 when the machine has the unified hierarchy, else v1; when
 * neither can be written the pods run unconfined, and the log says why once. Only the pods join the groups: the dev
 * services, the balancer and the load stay where the rehearsal runs.
 */
public final class PodCgroups implements AutoCloseable {

    private final Hierarchy hierarchy;
    private final String unconfined;
    private final EventLog log;
    private final List<String> pods = new CopyOnWriteArrayList<>();

    private PodCgroups(Hierarchy hierarchy, String unconfined, EventLog log) {
        this.hierarchy = hierarchy;
        this.unconfined = unconfined;
        this.log = log;
    }

    public static PodCgroups open(PodResources resources, String run, EventLog log) {
        return open(Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"), resources, run, log);
    }

    /** @param root where the cgroup file systems are mounted; {@code self}: the rehearsal's {@code /proc/self/cgroup} */
    static PodCgroups open(Path root, Path self, PodResources resources, String run, EventLog log) {
        if (!resources.cgroups()) {
            return unconfined("-D" + PodResources.CGROUPS + "=off", log);
        }
        String parent = "quiesce-rehearsal-" + run;
        try {
            Map<String, String> own = own(self);
            Hierarchy hierarchy = Files.exists(root.resolve("cgroup.controllers"))
                    ? CgroupV2.create(root, own.getOrDefault("", "/"), parent, resources)
                    : CgroupV1.create(root, own, parent, resources);
            log.info(
                    "rehearsal.cgroups",
                    fields(
                            "version",
                            hierarchy.version(),
                            "group",
                            parent,
                            "cpu_shares",
                            resources.cpuShares(),
                            "cpu_quota_us",
                            resources.cpuQuotaMicros(),
                            "memory_limit_bytes",
                            resources.memoryLimitBytes()));
            return new PodCgroups(hierarchy, null, log);
        } catch (AccessDeniedException e) {
            return unconfined(e.getFile() + " is not writable (cgroups need root or a delegated group)", log);
        } catch (IOException | UncheckedIOException e) {
            return unconfined(e.getMessage(), log);
        }
    }

    private static PodCgroups unconfined(String reason, EventLog log) {
        log.warn(
                "rehearsal.cgroups_off",
                fields(
                        "reason",
                        reason,
                        "pods",
                        "unconfined: their JVMs get the overlay's limits as -XX:MaxRAM and -XX:ActiveProcessorCount"));
        return new PodCgroups(null, reason, log);
    }

    /** Controller to group path; the unified hierarchy's controller is "". */
    private static Map<String, String> own(Path self) throws IOException {
        Map<String, String> own = new HashMap<>();
        for (String line : Files.readAllLines(self)) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3) {
                for (String controller : parts[1].split(",")) {
                    own.put(controller, parts[2]);
                }
            }
        }
        return own;
    }

    /** The pod's group, created with its limits; its process joins it through {@link PodCgroup#launcher()}. */
    public PodCgroup join(String pod) throws IOException {
        if (hierarchy == null) {
            return new PodCgroup("off: " + unconfined, List.of(), Optional::empty);
        }
        List<Path> procs = hierarchy.create(pod);
        pods.add(pod);
        return new PodCgroup(hierarchy.version(), launcher(procs), () -> {
            try {
                return Optional.of(hierarchy.usage(pod));
            } catch (UncheckedIOException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * A shell that moves itself into the groups, then execs the server's command in its place: the JVM keeps the
     * shell's pid, and every thread and child process it starts is charged to the pod from the first instruction.
     */
    private static List<String> launcher(List<Path> procs) {
        String join = procs.stream().map(p -> "echo $$ > '" + p + "'").collect(Collectors.joining(" && "));
        return List.of("/bin/sh", "-c", join + " && exec \"$@\"", "quiesce-pod");
    }

    /** Removes the groups; the pods' processes have exited (a group the kernel still counts busy is retried). */
    @Override
    public void close() {
        if (hierarchy == null) {
            return;
        }
        Optional<Boolean> removed = Poll.until(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
            try {
                hierarchy.remove(pods);
                return Optional.of(true);
            } catch (IOException e) {
                return Optional.empty();
            }
        });
        if (removed.isEmpty()) {
            log.warn("rehearsal.cgroups_not_removed", fields("pods", pods));
        }
    }
}
