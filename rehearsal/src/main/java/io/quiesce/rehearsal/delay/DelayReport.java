package io.quiesce.rehearsal.delay;

import io.quiesce.testkit.Stats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deleted pods' pre-drain delays side by side with their SIGTERM to exit, so that a fixed and a traffic-aware delay
 * can be compared run against run (same seed, same machine).
 *
 * @param endedBy             how many delays ended for each reason ({@code quiet}, {@code maximum}, ...)
 * @param sigtermToExitMedian of the deleted pods, milliseconds
 */
public record DelayReport(
        List<DelayOutcome> pods,
        Map<String, Integer> endedBy,
        long delayMinMillis,
        long delayMedianMillis,
        long delayMaxMillis,
        long newConnections,
        long lastNewConnectionMaxMillis,
        long sigtermToExitMedianMillis) {

    public static DelayReport of(List<DelayOutcome> pods, List<Long> sigtermToExitMillis) {
        Map<String, Integer> endedBy = new TreeMap<>();
        pods.forEach(p -> endedBy.merge(p.endedBy(), 1, Integer::sum));
        List<Long> delays = pods.stream().map(DelayOutcome::millis).toList();
        return new DelayReport(
                List.copyOf(pods),
                endedBy,
                delays.stream().mapToLong(Long::longValue).min().orElse(-1),
                delays.isEmpty() ? -1 : Math.round(Stats.median(delays)),
                delays.stream().mapToLong(Long::longValue).max().orElse(-1),
                pods.stream()
                        .mapToLong(DelayOutcome::newConnections)
                        .filter(n -> n >= 0)
                        .sum(),
                pods.stream()
                        .mapToLong(DelayOutcome::lastNewConnectionMillis)
                        .max()
                        .orElse(-1),
                sigtermToExitMillis.isEmpty() ? -1 : Math.round(Stats.median(sigtermToExitMillis)));
    }
}
