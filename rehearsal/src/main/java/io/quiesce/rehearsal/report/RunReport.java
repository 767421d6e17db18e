package io.quiesce.rehearsal.report;

import io.quiesce.rehearsal.callback.CallbackAudit;
import io.quiesce.rehearsal.delay.DelayReport;
import io.quiesce.rehearsal.watch.WatchReport;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One rehearsal's result, written as JSON; {@code losses} is empty exactly when nothing was lost. Every figure that a
 * release answered or ran is also given by release.
 *
 * @param upgrade null when every pod ran this build
 * @param timeline what {@code report.html} draws; null in a report written before it was recorded
 * @param capacity null when the rate was given in requests per second
 * @param overload null in a report written before it was recorded
 */
public record RunReport(
        String overlay,
        String pod,
        Map<String, Object> settings,
        Upgrade upgrade,
        Requests requests,
        List<PodResult> pods,
        DatabaseAudit.Workflows workflows,
        WorkflowTaskAudit.WorkflowTasks workflowTasks,
        DatabaseAudit.Schedule schedule,
        WatchReport watches,
        DelayReport delay,
        CallbackAudit.Callbacks callbacks,
        List<String> losses,
        List<String> warnings,
        long durationSeconds,
        Timeline timeline,
        Capacity capacity,
        Overload overload) {

    /** A report.json written before the callbacks' audit existed reads as a run that asked for none. */
    public RunReport {
        callbacks = callbacks == null ? CallbackAudit.Callbacks.NONE : callbacks;
    }

    public boolean lost() {
        return !losses.isEmpty();
    }

    /**
     * @param staleConnections idle connections the clients found closed by the server before reusing them
     * @param failuresByPod    failures per pod they hit ({@code (none)}: no endpoint was available)
     */
    public record Requests(
            int arrived,
            int succeeded,
            int unsent,
            int connections,
            int staleConnections,
            Map<String, Integer> byOutcome,
            Map<String, Integer> failuresByKind,
            Map<String, Integer> failuresByPod,
            Map<String, ReleaseRequests> byRelease,
            Map<String, Latency> latencyByKind,
            List<String> firstFailures) {}

    /**
     * The replicas' measured capacity and the rate the rehearsal ran at.
     *
     * @param requestsPerSecond the highest rate kept
     * @param given             measured by an earlier run and given as {@code quiesce.rehearsal.capacity}: no steps
     * @param percent           the rehearsal's rate in per cent of it
     * @param rate              the rate the rehearsal ran at
     */
    public record Capacity(
            int requestsPerSecond,
            boolean given,
            int percent,
            int rate,
            double p99GoalMillis,
            List<CapacityStep> steps) {}

    /**
     * One step of the capacity search: {@code requests} sent at {@code rate}; {@code fastP99Millis} over the fast
     * requests answered; kept when under the goal with nothing failed or unsent.
     */
    public record CapacityStep(int rate, int requests, double fastP99Millis, int failed, int unsent, boolean kept) {}

    /**
     * How the Service answered more than it could serve.
     *
     * @param shed                requests answered 503 {@code overloaded} with {@code Retry-After}; not losses when the
     *                            rate was over the measured capacity ({@code expected})
     * @param shedP99Millis       their 99th percentile latency (NaN: none)
     * @param balancerEmptyMillis time during the load in which no pod was in the balancer
     * @param balancerEmptyTimes  how often that happened
     */
    public record Overload(
            int shed, boolean expected, double shedP99Millis, long balancerEmptyMillis, int balancerEmptyTimes) {}

    /** Requests on connections to the release's pods ({@code (none)}: no pod was in the balancer). */
    public record ReleaseRequests(int answered, int failed) {}

    /**
     * The previous release's pods replaced by this build's.
     *
     * @param fromBuildSeconds      building the previous release's server in this rehearsal (0: built before)
     * @param upgradeReplacements   replacements that took a pod of the previous release out; the rest redeployed this build
     * @param migrations            scripts the first pod of this build applied while the previous release served
     * @param fromAnsweredAfterMigration requests the previous release's pods answered after the first migration, and
     *                              {@code fromFailedAfterMigration} of them failed
     */
    public record Upgrade(
            String from,
            String fromOrigin,
            long fromBuildSeconds,
            String to,
            int upgradeReplacements,
            List<DatabaseAudit.AppliedScript> migrations,
            int fromAnsweredAfterMigration,
            int fromFailedAfterMigration) {}

    public record Latency(int count, double p50Millis, double p99Millis, double maxMillis) {}

    /**
     * Times in milliseconds; -1 when it did not happen (a pod still running at the end was not deleted).
     *
     * @param resources {@link Resources#UNRECORDED} in a report written before pods had cgroups
     */
    public record PodResult(
            String name,
            String release,
            long startToReadyMillis,
            double cpuSecondsToReady,
            long rssMegabytesAtReady,
            int readinessRemovalsWhileServing,
            int livenessFailures,
            boolean deleted,
            long sigtermToExitMillis,
            Integer exitCode,
            boolean sigkilled,
            Resources resources) {

        /** The reason Kubernetes gives a container the kernel killed at its memory limit (exit code 137). */
        public static final String OOM_KILLED = "OOMKilled";

        public PodResult {
            resources = resources == null ? Resources.UNRECORDED : resources;
        }

        /** Killed by the kernel at its memory limit; the kubelet's reason {@code OOMKilled}, exit code 137. */
        public boolean oomKilled() {
            return resources.oomKills() > 0;
        }
    }

    /**
     * The pod's resources and what its cgroup counted ({@code -1}: nothing counted, the pod ran unconfined).
     *
     * @param cgroup "v1", "v2", or "off: " and why the pod ran unconfined
     * @param periods CFS periods the pod ran in; {@code throttledPeriods} of them hit its CPU limit
     */
    public record Resources(
            long cpuRequestMillis,
            long cpuLimitMillis,
            long memoryLimitBytes,
            String cgroup,
            long periods,
            long throttledPeriods,
            double throttledSeconds,
            long peakMemoryMegabytes,
            long oomKills) {

        public static final Resources UNRECORDED = new Resources(0, 0, 0, "not recorded", -1, -1, -1, -1, 0);

        public boolean counted() {
            return periods >= 0;
        }

        /** Request/limit in CPUs as Kubernetes writes them ({@code 0.5/2}); {@code -} for none. */
        public String cpuRequestAndLimit() {
            return cores(cpuRequestMillis) + "/" + cores(cpuLimitMillis);
        }

        private static String cores(long millis) {
            return millis == 0
                    ? "-"
                    : BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
        }
    }
}
