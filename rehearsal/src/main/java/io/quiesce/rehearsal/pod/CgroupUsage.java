package io.quiesce.rehearsal.pod;

/**
 * What a pod's cgroup counted.
 *
 * @param periods          CFS periods in which the pod ran; {@code throttledPeriods} of them hit the quota
 * @param throttledSeconds time the pod's threads waited for the next period
 * @param peakBytes        the highest memory charged to the pod (page cache included, as the kubelet counts)
 * @param oomKills         processes the kernel killed at the memory limit
 */
public record CgroupUsage(
        long periods, long throttledPeriods, double throttledSeconds, long peakBytes, long oomKills) {}
