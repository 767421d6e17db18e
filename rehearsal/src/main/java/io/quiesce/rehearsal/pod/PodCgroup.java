package io.quiesce.rehearsal.pod;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** One pod's cgroup, or its absence. */
public final class PodCgroup {

    private final String version;
    private final List<String> launcher;
    private final Supplier<Optional<CgroupUsage>> usage;

    PodCgroup(String version, List<String> launcher, Supplier<Optional<CgroupUsage>> usage) {
        this.version = version;
        this.launcher = List.copyOf(launcher);
        this.usage = usage;
    }

    /** "v1", "v2", or "off: " and why the pod runs unconfined. */
    public String version() {
        return version;
    }

    public boolean confined() {
        return !launcher.isEmpty();
    }

    /** The command the pod's server command runs behind to join the group; empty when unconfined. */
    public List<String> launcher() {
        return launcher;
    }

    /** What the group counted so far; empty when unconfined or the group is gone. */
    public Optional<CgroupUsage> usage() {
        return usage.get();
    }
}
