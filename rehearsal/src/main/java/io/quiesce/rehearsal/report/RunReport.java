package io.quiesce.rehearsal.report;

import io.quiesce.rehearsal.callback.CallbackAudit;
import java.util.List;
import java.util.Map;

/** One rehearsal's result, written as JSON; {@code losses} is empty exactly when nothing was lost. */
public record RunReport(
        String overlay,
        String pod,
        Map<String, Object> settings,
        Requests requests,
        List<PodResult> pods,
        DatabaseAudit.Workflows workflows,
        DatabaseAudit.Schedule schedule,
        CallbackAudit.Callbacks callbacks,
        List<String> losses,
        List<String> warnings,
        long durationSeconds) {

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
            Map<String, Latency> latencyByKind,
            List<String> firstFailures) {}

    public record Latency(int count, double p50Millis, double p99Millis, double maxMillis) {}

    /** Times in milliseconds; -1 when it did not happen (a pod still running at the end was not deleted). */
    public record PodResult(
            String name,
            long startToReadyMillis,
            double cpuSecondsToReady,
            long rssMegabytesAtReady,
            int readinessRemovalsWhileServing,
            int livenessFailures,
            boolean deleted,
            long sigtermToExitMillis,
            Integer exitCode,
            boolean sigkilled) {}
}
