package io.quiesce.rehearsal.config;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.ConfigReader;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The pod's CPU and memory as the kubelet enforces them (its cgroup values are computed here), and whether the
 * rehearsal may put its pods in cgroups ({@code -Dquiesce.rehearsal.cgroups=auto|off}).
 *
 * @param cpuRequestMillis the CPU share; Kubernetes takes the limit when only a limit is given
 * @param cpuLimitMillis   the CPU quota; 0: none
 * @param memoryLimitBytes 0: none
 * @param cgroups          false: the pods run unconfined whatever the machine allows
 */
public record PodResources(long cpuRequestMillis, long cpuLimitMillis, long memoryLimitBytes, boolean cgroups) {

    public static final String CGROUPS = "quiesce.rehearsal.cgroups";
    /** The kubelet's CFS period, in microseconds. */
    public static final long CPU_PERIOD_MICROS = 100_000;

    public static PodResources of(ResourceRequirements resources, ConfigReader config) {
        String mode = config.optional(CGROUPS).orElse("auto");
        if (!mode.equals("auto") && !mode.equals("off")) {
            throw ConfigException.invalid(
                    CGROUPS, mode, "auto (the pods in cgroups when this machine lets the rehearsal) or off");
        }
        Map<String, Quantity> requests =
                resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits =
                resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
        long cpuLimit = millicores(limits.get("cpu"));
        long cpuRequest = requests.containsKey("cpu") ? millicores(requests.get("cpu")) : cpuLimit;
        return new PodResources(
                cpuRequest,
                cpuLimit,
                limits.containsKey("memory")
                        ? Quantity.getAmountInBytes(limits.get("memory")).longValue()
                        : 0,
                mode.equals("auto"));
    }

    private static long millicores(Quantity cpu) {
        return cpu == null
                ? 0
                : Quantity.getAmountInBytes(cpu)
                        .multiply(BigDecimal.valueOf(1000))
                        .longValue();
    }

    /** cgroup v1 {@code cpu.shares}, as the kubelet computes it from the request. */
    public long cpuShares() {
        return Math.max(2, cpuRequestMillis * 1024 / 1000);
    }

    /** cgroup v2 {@code cpu.weight}: the kubelet's conversion of the shares. */
    public long cpuWeight() {
        return weight(cpuShares());
    }

    public static long weight(long shares) {
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    /**
     * The pods' parent group's {@code cpu.shares}: the kubelet's {@code kubepods} group has the node's allocatable CPUs
     * (here: every CPU) × 1024, so that all pods together weigh as much as the node against a busy process outside
     * them (the dev services and the load here), not as one process.
     */
    public static long nodeShares() {
        return Runtime.getRuntime().availableProcessors() * 1024L;
    }

    /** {@code cpu.cfs_quota_us} for {@link #CPU_PERIOD_MICROS}; -1: no limit. The kernel's minimum is 1 ms. */
    public long cpuQuotaMicros() {
        return cpuLimitMillis == 0 ? -1 : Math.max(1000, cpuLimitMillis * CPU_PERIOD_MICROS / 1000);
    }

    /** The CPUs the JVM counts in the pod: the quota rounded up, as the JVM does; 0 without a limit. */
    public int cpuCount() {
        return (int) ((cpuLimitMillis + 999) / 1000);
    }
}
