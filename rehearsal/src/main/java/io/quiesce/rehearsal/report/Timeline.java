package io.quiesce.rehearsal.report;

import java.util.List;
import java.util.Map;

/**
 * The rehearsal on one time axis, what {@code report.html} draws: every time is in milliseconds from {@code startedAt},
 * the creation of the first pod; -1 when it did not happen.
 *
 * @param startedAt          t = 0, ISO-8601
 * @param endMillis          the last pod's exit, or the end of the load when a pod was still running
 * @param seconds            one per second from t = 0 to the last request that completed, by completion time
 * @param lostRequests       the failed requests in completion order, at most {@value #LOST_REQUESTS_KEPT}
 * @param lostRequestsOmitted failed requests beyond those
 */
public record Timeline(
        String startedAt,
        long endMillis,
        List<PodPhases> pods,
        List<Second> seconds,
        List<LostRequest> lostRequests,
        int lostRequestsOmitted) {

    public static final int LOST_REQUESTS_KEPT = 1000;

    /** The request outcomes a second counts, failures as in {@link RunReport.Requests#failuresByKind()}. */
    public static final List<String> OUTCOMES = List.of("ok", "refused", "reset", "eof", "timeout", "non-2xx", "other");

    /**
     * One pod's life as the kubelet, the endpoints controller, the rollout and the pod's own shutdown log saw it.
     *
     * @param startedMillis its startup probe passed
     * @param readyMillis   it first became Ready
     * @param unready       while it served, readiness removals (not after its deletion)
     * @param deletedMillis the rollout deleted it; its preStop sleep ran until {@code sigtermMillis}
     * @param shutdown      the phases of its own shutdown ({@code event=shutdown.phase}), from SIGTERM
     */
    public record PodPhases(
            String name,
            String release,
            long createdMillis,
            long startedMillis,
            long readyMillis,
            List<Interval> unready,
            List<Interval> inBalancer,
            long deletedMillis,
            long sigtermMillis,
            List<AppPhase> shutdown,
            long exitMillis,
            Integer exitCode,
            boolean sigkilled) {}

    /** {@code toMillis} -1: still so at the end. */
    public record Interval(long fromMillis, long toMillis) {}

    /** A phase of the application's shutdown (stop-intake, delay, http-drain, a participant's stop...). */
    public record AppPhase(String name, long startMillis, long durationMillis, String outcome) {}

    /**
     * The requests that completed in second {@code second} (from t = 0), by outcome, and the latency of those that
     * succeeded (0 when none did).
     */
    public record Second(int second, Map<String, Integer> outcomes, double p50Millis, double p99Millis) {}

    /** A failed request, when the client saw it fail, on the pod whose connection it was on. */
    public record LostRequest(
            long atMillis, long seq, String kind, String pod, String outcome, double latencyMillis, String error) {}
}
