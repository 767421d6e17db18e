package io.quiesce.rehearsal.report.html;

import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.rehearsal.report.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page draws, computed from a report: a lane per pod with its phases, a bin per second, and the losses as
 * markers on the lane of the pod they hit (grouped per lane, kind and second), or listed when their time is unknown.
 */
record PageModel(long endMillis, List<Lane> lanes, List<Bin> bins, List<MarkerGroup> markers, List<String> untimed) {

    /** The lane of failed requests no pod was in the balancer for, or whose pod is unknown. */
    static final String NO_POD = "no pod";

    /** The lane of schedule fires. */
    static final String SCHEDULE = "schedule";

    record Lane(
            String name, String release, List<Segment> segments, List<Span> inBalancer, long exitMillis, String end) {}

    record Segment(Phase phase, long fromMillis, long toMillis) {}

    record Span(long fromMillis, long toMillis) {}

    /** One second's completed requests by outcome ({@link Timeline#OUTCOMES} order), and the successes' latency. */
    record Bin(int second, Map<String, Integer> counts, int total, double p50Millis, double p99Millis) {}

    /** Losses of one kind on one lane within one second; {@code details} name each. */
    record MarkerGroup(String lane, String kind, long atMillis, List<String> details) {}

    static PageModel of(RunReport report) {
        Timeline t = report.timeline();
        if (t == null) {
            return new PageModel(0, List.of(), List.of(), List.of(), Untimed.of(report));
        }
        long end = Math.max(t.endMillis(), 1);
        List<Lane> lanes =
                new ArrayList<>(t.pods().stream().map(p -> lane(p, end)).toList());
        List<MarkerGroup> markers = new ArrayList<>(requestMarkers(t, lanes));
        List<MarkerGroup> fires = fireMarkers(report, t);
        markers.addAll(fires);
        if (markers.stream().anyMatch(m -> m.lane().equals(NO_POD))) {
            lanes.add(new Lane(NO_POD, "", List.of(), List.of(), -1, ""));
        }
        if (!fires.isEmpty()) {
            lanes.add(new Lane(SCHEDULE, "", List.of(), List.of(), -1, ""));
        }
        return new PageModel(end, lanes, bins(t), markers, Untimed.of(report));
    }

    static Lane lane(Timeline.PodPhases p, long end) {
        List<Segment> segments = new ArrayList<>();
        long exit = p.exitMillis() >= 0 ? p.exitMillis() : end;
        long ready = p.readyMillis() >= 0 ? p.readyMillis() : exit;
        long serveUntil =
                p.deletedMillis() >= 0 ? p.deletedMillis() : p.sigtermMillis() >= 0 ? p.sigtermMillis() : exit;
        add(segments, Phase.STARTING, p.createdMillis(), Math.min(ready, serveUntil));
        add(segments, Phase.SERVING, ready, serveUntil);
        p.unready()
                .forEach(u ->
                        add(segments, Phase.UNREADY, u.fromMillis(), u.toMillis() < 0 ? serveUntil : u.toMillis()));
        if (p.deletedMillis() >= 0) {
            add(segments, Phase.PRESTOP, p.deletedMillis(), p.sigtermMillis() >= 0 ? p.sigtermMillis() : exit);
        }
        if (p.sigtermMillis() >= 0) {
            shutdown(segments, p, exit);
        }
        List<Span> balanced = p.inBalancer().stream()
                .map(i -> new Span(i.fromMillis(), i.toMillis() < 0 ? exit : i.toMillis()))
                .toList();
        return new Lane(p.name(), p.release(), segments, balanced, p.exitMillis(), end(p));
    }

    /** From SIGTERM: readiness DOWN and the delay, the drain, then the participants' stops until the exit. */
    private static void shutdown(List<Segment> segments, Timeline.PodPhases p, long exit) {
        List<Timeline.AppPhase> phases = p.shutdown();
        if (phases.isEmpty()) {
            add(segments, Phase.TERMINATING, p.sigtermMillis(), exit);
            return;
        }
        long delayEnd = phases.stream()
                .filter(a -> a.name().equals("delay"))
                .mapToLong(a -> a.startMillis() + a.durationMillis())
                .findFirst()
                .orElse(p.sigtermMillis());
        add(segments, Phase.DELAY, p.sigtermMillis(), delayEnd);
        long drainEnd = delayEnd;
        for (Timeline.AppPhase a : phases) {
            if (a.name().equals("http-drain")) {
                drainEnd = a.startMillis() + a.durationMillis();
                add(segments, Phase.DRAIN, a.startMillis(), drainEnd);
            }
        }
        add(segments, Phase.STOPPING, Math.max(drainEnd, delayEnd), exit);
    }

    private static String end(Timeline.PodPhases p) {
        if (p.exitMillis() < 0) {
            return p.deletedMillis() < 0 ? "" : "not exited";
        }
        return "exit " + p.exitCode() + (p.sigkilled() ? " SIGKILL" : "");
    }

    private static void add(List<Segment> segments, Phase phase, long from, long to) {
        if (from >= 0 && to > from) {
            segments.add(new Segment(phase, from, to));
        }
    }

    static List<Bin> bins(Timeline t) {
        return t.seconds().stream()
                .map(s -> {
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    Timeline.OUTCOMES.forEach(o -> counts.put(o, s.outcomes().getOrDefault(o, 0)));
                    int total =
                            counts.values().stream().mapToInt(Integer::intValue).sum();
                    return new Bin(s.second(), counts, total, s.p50Millis(), s.p99Millis());
                })
                .toList();
    }

    static List<MarkerGroup> requestMarkers(Timeline t, List<Lane> lanes) {
        Map<String, MarkerGroup> groups = new LinkedHashMap<>();
        for (Timeline.LostRequest r : t.lostRequests()) {
            String lane = lanes.stream().anyMatch(l -> l.name().equals(r.pod())) ? r.pod() : NO_POD;
            String key = lane + "|" + r.outcome() + "|" + r.atMillis() / 1000;
            groups.computeIfAbsent(key, k -> new MarkerGroup(lane, r.outcome(), r.atMillis(), new ArrayList<>()))
                    .details()
                    .add(String.format(
                            java.util.Locale.ROOT,
                            "#%d %s %s on %s at %.1f s after %.0f ms: %s",
                            r.seq(),
                            r.kind(),
                            r.outcome(),
                            r.pod(),
                            r.atMillis() / 1000.0,
                            r.latencyMillis(),
                            r.error()));
        }
        return List.copyOf(groups.values());
    }

    /** Missed and doubled fire times, whose time the report gives as an instant. */
    static List<MarkerGroup> fireMarkers(RunReport report, Timeline t) {
        List<MarkerGroup> fires = new ArrayList<>();
        Instant zero = Instant.parse(t.startedAt());
        report.schedule().missed().forEach(f -> fire(fires, zero, f, "fire missed"));
        report.schedule().doubled().forEach(f -> fire(fires, zero, f, "fire doubled"));
        return fires;
    }

    private static void fire(List<MarkerGroup> fires, Instant zero, String fire, String kind) {
        try {
            long at =
                    Duration.between(zero, Instant.parse(fire.split(" ", 2)[0])).toMillis();
            fires.add(new MarkerGroup(SCHEDULE, kind, at, List.of(kind + ": " + fire)));
        } catch (DateTimeParseException e) {
            // Listed with the untimed losses: the schedule line names it.
        }
    }
}
