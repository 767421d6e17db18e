package io.quiesce.rehearsal.rollout;

import io.quiesce.rehearsal.pod.Pod;
import io.quiesce.rehearsal.report.Timeline;
import io.quiesce.testkit.OpenLoad;
import io.quiesce.testkit.Stats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The run on one time axis from t = 0, the first pod's creation: what {@code report.html} draws. */
final class Timelines {

    private final long t0;
    private final Function<OpenLoad.Outcome, OpenLoad.Failure> failureOf;
    private final Function<OpenLoad.Outcome, String> podOf;

    /**
     * @param failureOf the failure as the report counts it (null: succeeded)
     * @param podOf     the pod whose connection the request was on
     */
    Timelines(
            List<Pod> pods,
            Function<OpenLoad.Outcome, OpenLoad.Failure> failureOf,
            Function<OpenLoad.Outcome, String> podOf) {
        this.t0 = pods.stream().mapToLong(Pod::createdNanos).min().orElse(System.nanoTime());
        this.failureOf = failureOf;
        this.podOf = podOf;
    }

    Timeline timeline(List<Pod> pods, List<OpenLoad.Outcome> outcomes) {
        List<OpenLoad.Outcome> byCompletion = outcomes.stream()
                .sorted(Comparator.comparingLong(OpenLoad.Outcome::doneNanos))
                .toList();
        List<Timeline.LostRequest> lost = new ArrayList<>();
        int omitted = 0;
        for (OpenLoad.Outcome o : byCompletion) {
            OpenLoad.Failure failure = failureOf.apply(o);
            if (failure == null) {
                continue;
            }
            if (lost.size() == Timeline.LOST_REQUESTS_KEPT) {
                omitted++;
                continue;
            }
            lost.add(new Timeline.LostRequest(
                    millis(o.doneNanos()),
                    o.seq(),
                    o.kind(),
                    podOf.apply(o),
                    outcome(failure),
                    o.latencyMillis(),
                    o.error() != null ? o.error() : Integer.toString(o.status())));
        }
        long end = pods.stream().mapToLong(Pod::exitNanos).max().orElse(0);
        if (!byCompletion.isEmpty()) {
            end = Math.max(end, byCompletion.get(byCompletion.size() - 1).doneNanos());
        }
        return new Timeline(
                Instant.now().minusNanos(System.nanoTime() - t0).toString(),
                Math.max(0, millis(end)),
                pods.stream().map(this::phases).toList(),
                seconds(byCompletion),
                lost,
                omitted);
    }

    private List<Timeline.Second> seconds(List<OpenLoad.Outcome> byCompletion) {
        List<Timeline.Second> seconds = new ArrayList<>();
        int i = 0;
        for (int second = 0; i < byCompletion.size(); second++) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            List<Double> latencies = new ArrayList<>();
            long until = t0 + (second + 1) * 1_000_000_000L;
            for (; i < byCompletion.size() && byCompletion.get(i).doneNanos() < until; i++) {
                OpenLoad.Outcome o = byCompletion.get(i);
                OpenLoad.Failure failure = failureOf.apply(o);
                counts.merge(failure == null ? "ok" : outcome(failure), 1, Integer::sum);
                if (failure == null) {
                    latencies.add(o.latencyMillis());
                }
            }
            if (!counts.isEmpty()) {
                seconds.add(new Timeline.Second(
                        second,
                        counts,
                        latencies.isEmpty() ? 0 : Stats.percentile(latencies, 50),
                        latencies.isEmpty() ? 0 : Stats.percentile(latencies, 99)));
            }
        }
        return seconds;
    }

    private Timeline.PodPhases phases(Pod pod) {
        long sigterm = millis(pod.sigtermNanos());
        List<Timeline.Interval> unready = intervals(pod.readinessChanges(), false, pod);
        return new Timeline.PodPhases(
                pod.name(),
                pod.release(),
                millis(pod.createdNanos()),
                millis(pod.startedNanos()),
                millis(pod.readyNanos()),
                unready,
                intervals(pod.balancerChanges(), true, pod),
                millis(pod.deletedNanos()),
                sigterm,
                ShutdownPhases.read(pod.server().messagesLog(), sigterm),
                millis(pod.exitNanos()),
                pod.exitCode().orElse(null),
                pod.sigkilled());
    }

    /**
     * The spans during which the changes say {@code on == wanted}; unready spans only between the first Ready and the
     * deletion, which is the shutdown's doing and drawn as such.
     */
    private List<Timeline.Interval> intervals(List<Pod.Change> changes, boolean wanted, Pod pod) {
        List<Timeline.Interval> spans = new ArrayList<>();
        long from = -1;
        for (Pod.Change change : changes) {
            if (!wanted && pod.deletedNanos() != 0 && change.nanos() >= pod.deletedNanos()) {
                break;
            }
            if (change.on() == wanted && from < 0) {
                from = change.nanos();
            } else if (change.on() != wanted && from >= 0) {
                spans.add(new Timeline.Interval(millis(from), millis(change.nanos())));
                from = -1;
            }
        }
        if (from >= 0) {
            long to = wanted || pod.deletedNanos() == 0 ? -1 : millis(pod.deletedNanos());
            spans.add(new Timeline.Interval(millis(from), to));
        }
        return spans;
    }

    static String outcome(OpenLoad.Failure failure) {
        return failure.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private long millis(long nanos) {
        return nanos == 0 ? -1 : (nanos - t0) / 1_000_000;
    }
}
