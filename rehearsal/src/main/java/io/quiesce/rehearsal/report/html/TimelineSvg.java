package io.quiesce.rehearsal.report.html;

import static io.quiesce.rehearsal.report.html.Html.n;
import static io.quiesce.rehearsal.report.html.Html.text;

import io.quiesce.rehearsal.report.Timeline;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart: one time axis over the pods' lanes, the requests per second by outcome and the latency per second, with
 * the losses as markers on the lane of the pod they hit. Colours come from the page's CSS (light and dark); every
 * phase and kind also has a pattern or shape and a label.
 */
final class TimelineSvg {

    static final int WIDTH = 1340;
    static final int LEFT = 190;
    static final int RIGHT = 90;
    static final int PLOT = WIDTH - LEFT - RIGHT;
    private static final int LANE = 44;
    private static final int BARS = 150;
    private static final int LATENCY = 130;
    private static final long[] TICK_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600};

    private final PageModel model;
    private final StringBuilder out = new StringBuilder();

    private TimelineSvg(PageModel model) {
        this.model = model;
    }

    static String render(PageModel model) {
        return new TimelineSvg(model).svg();
    }

    private String svg() {
        int lanesTop = 34;
        int barsTop = lanesTop + model.lanes().size() * LANE + 40;
        int latencyTop = barsTop + BARS + 44;
        int height = latencyTop + LATENCY + 34;
        out.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-labelledby=\"timeline-title\" data-end-ms=\"")
                .append(model.endMillis())
                .append("\" data-left=\"")
                .append(LEFT)
                .append("\" data-plot=\"")
                .append(PLOT)
                .append("\">\n<title id=\"timeline-title\">Pods, requests and latency on one time axis</title>\n");
        patterns();
        grid(lanesTop - 10, height - 24);
        for (int i = 0; i < model.lanes().size(); i++) {
            lane(model.lanes().get(i), lanesTop + i * LANE);
        }
        markers(lanesTop);
        requests(barsTop);
        latency(latencyTop);
        out.append("<line id=\"cursor\" class=\"cursor\" x1=\"0\" x2=\"0\" y1=\"")
                .append(lanesTop - 10)
                .append("\" y2=\"")
                .append(height - 24)
                .append("\" visibility=\"hidden\"/>\n</svg>\n");
        return out.toString();
    }

    private double x(long millis) {
        return LEFT + (double) Math.max(0, Math.min(millis, model.endMillis())) * PLOT / model.endMillis();
    }

    /** Hatching and dots, so that phases differ without their colour. */
    private void patterns() {
        out.append("<defs>")
                .append(pattern("p-starting", "<path d=\"M0 6L6 0\" class=\"hatch\"/>"))
                .append(pattern(
                        "p-unready", "<path d=\"M0 0L6 6\" class=\"hatch\"/><path d=\"M0 6L6 0\" class=\"hatch\"/>"))
                .append(pattern("p-prestop", "<circle cx=\"3\" cy=\"3\" r=\"1.1\" class=\"dot\"/>"))
                .append(pattern("p-delay", "<path d=\"M0 3H6\" class=\"hatch\"/>"))
                .append(pattern("p-drain", "<path d=\"M3 0V6\" class=\"hatch\"/>"))
                .append("</defs>\n");
    }

    private static String pattern(String id, String content) {
        return "<pattern id=\"" + id + "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
                + "<rect class=\"bg\" width=\"6\" height=\"6\"/>" + content + "</pattern>";
    }

    private void grid(int top, int bottom) {
        long step = tickStep();
        for (long s = 0; s * 1000 <= model.endMillis(); s += step) {
            double x = x(s * 1000);
            out.append(rule("grid", x, top, x, bottom));
            String label = s >= 120 && step % 60 == 0 ? (s / 60) + " min" : s + " s";
            out.append(label(x, top - 4, "tick", "middle", label))
                    .append(label(x, bottom + 14, "tick", "middle", label));
        }
        out.append('\n');
    }

    private long tickStep() {
        for (long step : TICK_SECONDS) {
            if (model.endMillis() / 1000 / step <= 14) {
                return step;
            }
        }
        return TICK_SECONDS[TICK_SECONDS.length - 1];
    }

    private void lane(PageModel.Lane lane, int top) {
        out.append("<g class=\"lane\" data-pod=\"").append(text(lane.name())).append("\">");
        out.append(label(8, top + 14, "lane-name", "start", lane.name()));
        if (!lane.release().isEmpty()) {
            out.append(label(8, top + 28, "lane-release", "start", lane.release()));
        }
        out.append(rule("lane-rule", LEFT, top + LANE - 2, LEFT + PLOT, top + LANE - 2));
        for (PageModel.Segment s : lane.segments()) {
            double x1 = x(s.fromMillis());
            double w = Math.max(1, x(s.toMillis()) - x1);
            out.append(rect(
                    "class=\"phase ph-" + s.phase().css + "\" data-phase=\""
                            + s.phase().name().toLowerCase(java.util.Locale.ROOT) + "\"",
                    x1,
                    top + 4,
                    w,
                    18,
                    lane.name() + ": " + s.phase().legend + ", " + Html.seconds(s.fromMillis()) + " to "
                            + Html.seconds(s.toMillis())));
            if (w >= s.phase().label.length() * 6.5 + 6) {
                out.append(label(x1 + w / 2, top + 17, "phase-label", "middle", s.phase().label));
            }
        }
        for (PageModel.Span b : lane.inBalancer()) {
            double x1 = x(b.fromMillis());
            out.append(rect(
                    "class=\"balancer\"",
                    x1,
                    top + 24,
                    Math.max(1, x(b.toMillis()) - x1),
                    5,
                    lane.name() + " in the balancer " + Html.seconds(b.fromMillis()) + " to "
                            + Html.seconds(b.toMillis())));
        }
        if (lane.exitMillis() >= 0) {
            double x = x(lane.exitMillis());
            out.append("<path class=\"exit\" d=\"M")
                    .append(n(x))
                    .append(' ')
                    .append(top + 2)
                    .append("V")
                    .append(top + 24)
                    .append("\"/>");
            out.append(label(
                    x + 4,
                    top + 17,
                    lane.end().startsWith("exit 0") ? "exit-label" : "exit-label bad",
                    "start",
                    lane.end()));
        } else if (!lane.end().isEmpty()) {
            out.append(label(LEFT + PLOT + 4, top + 17, "exit-label bad", "start", lane.end()));
        }
        out.append("</g>\n");
    }

    /** On the lane of the pod they hit, labelled with their kind and count unless the label would overlap another. */
    private void markers(int lanesTop) {
        Map<String, Double> labelEnd = new HashMap<>();
        List<PageModel.Lane> lanes = model.lanes();
        for (PageModel.MarkerGroup m : model.markers()) {
            int index = 0;
            while (index < lanes.size() && !lanes.get(index).name().equals(m.lane())) {
                index++;
            }
            double x = x(m.atMillis());
            double top = lanesTop + index * LANE;
            double y = top + 13;
            out.append("<g class=\"marker\" data-pod=\"")
                    .append(text(m.lane()))
                    .append("\" data-kind=\"")
                    .append(text(m.kind()))
                    .append("\" data-count=\"")
                    .append(m.details().size())
                    .append("\"><title>")
                    .append(text(String.join("\n", m.details())))
                    .append("</title>")
                    .append(Markers.shape(m.kind(), x, y, 7));
            String name =
                    m.kind() + (m.details().size() > 1 ? " ×" + m.details().size() : "");
            // On the row under the lane's bars, so that a label never hides a phase or an exit code.
            if (labelEnd.getOrDefault(m.lane(), 0.0) < x - 4) {
                out.append(label(x - 4, top + 40, "marker-label", "start", name));
                labelEnd.put(m.lane(), x - 4 + name.length() * 7.5);
            }
            out.append("</g>\n");
        }
    }

    private void requests(int top) {
        int max = niceCeiling(
                model.bins().stream().mapToInt(PageModel.Bin::total).max().orElse(1));
        out.append(label(8, top + 4, "chart-title", "start", "requests / s"))
                .append(label(8, top + 20, "chart-sub", "start", "by outcome, completed"))
                .append(label(8, top + 34, "chart-sub", "start", "in that second"));
        axisY(top, BARS, max + "/s", "0");
        double width = Math.max(1, (double) PLOT * 1000 / model.endMillis() - 0.4);
        for (PageModel.Bin bin : model.bins()) {
            double x = x(bin.second() * 1000L);
            double y = top + BARS;
            out.append("<g class=\"bin\" data-second=\"").append(bin.second()).append("\">");
            for (String outcome : Timeline.OUTCOMES) {
                int count = bin.counts().get(outcome);
                if (count == 0) {
                    continue;
                }
                double h = (double) count * BARS / max;
                y -= h;
                out.append(rect(
                        "class=\"bar k-" + outcome + "\"",
                        x,
                        y,
                        width,
                        Math.max(h, outcome.equals("ok") ? 0 : 1.5),
                        null));
            }
            String failed = Timeline.OUTCOMES.stream()
                    .filter(o -> !o.equals("ok") && bin.counts().get(o) > 0)
                    .findFirst()
                    .orElse(null);
            if (failed != null) {
                out.append(Markers.shape(failed, x + width / 2, y - 8, 5));
            }
            out.append("</g>");
        }
        out.append('\n');
    }

    private void latency(int top) {
        double highest = model.bins().stream()
                .mapToDouble(PageModel.Bin::p99Millis)
                .max()
                .orElse(1);
        int decades = Math.max(2, (int) Math.ceil(Math.log10(Math.max(highest, 1))));
        out.append(label(8, top + 4, "chart-title", "start", "latency"))
                .append(label(8, top + 20, "chart-sub", "start", "of the successes,"))
                .append(label(8, top + 34, "chart-sub", "start", "log scale"));
        for (int d = 0; d <= decades; d++) {
            double y = top + LATENCY - (double) d * LATENCY / decades;
            out.append(rule("grid", LEFT, y, LEFT + PLOT, y))
                    .append(label(
                            LEFT - 6,
                            y + 4,
                            "tick",
                            "end",
                            d < 3 ? (long) Math.pow(10, d) + " ms" : (long) Math.pow(10, d - 3) + " s"));
        }
        out.append(line(top, decades, true)).append(line(top, decades, false));
        out.append(label(LEFT + PLOT + 6, top + 12, "legend-p99", "start", "— — p99"))
                .append(label(LEFT + PLOT + 6, top + 28, "legend-p50", "start", "—— p50"))
                .append('\n');
    }

    private String line(int top, int decades, boolean p99) {
        StringBuilder d = new StringBuilder();
        int previous = Integer.MIN_VALUE;
        for (PageModel.Bin bin : model.bins()) {
            double ms = p99 ? bin.p99Millis() : bin.p50Millis();
            if (ms <= 0) {
                continue;
            }
            double y = top + LATENCY - Math.log10(Math.max(ms, 1)) * LATENCY / decades;
            d.append(bin.second() == previous + 1 ? "L" : "M")
                    .append(n(x(bin.second() * 1000L + 500)))
                    .append(' ')
                    .append(n(y));
            previous = bin.second();
        }
        return "<path class=\"" + (p99 ? "p99" : "p50") + "\" d=\"" + d + "\"/>";
    }

    private void axisY(int top, int height, String maxLabel, String zeroLabel) {
        out.append(rule("axis", LEFT, top + height, LEFT + PLOT, top + height))
                .append(rule("grid", LEFT, top, LEFT + PLOT, top))
                .append(label(LEFT - 6, top + 4, "tick", "end", maxLabel))
                .append(label(LEFT - 6, top + height + 4, "tick", "end", zeroLabel));
    }

    private static String rule(String css, double x1, double y1, double x2, double y2) {
        return "<line class=\"" + css + "\" x1=\"" + n(x1) + "\" x2=\"" + n(x2) + "\" y1=\"" + n(y1) + "\" y2=\""
                + n(y2) + "\"/>";
    }

    /** {@code title}: the tooltip, null for none. */
    private static String rect(String attributes, double x, double y, double width, double height, String title) {
        return "<rect " + attributes + " x=\"" + n(x) + "\" y=\"" + n(y) + "\" width=\"" + n(width) + "\" height=\""
                + n(height) + (title == null ? "\"/>" : "\"><title>" + text(title) + "</title></rect>");
    }

    /** The axis maximum: the next of 1, 1.5, 2, 3, 4, 5, 6, 8 times a power of ten. */
    static int niceCeiling(int value) {
        int v = Math.max(1, value);
        int magnitude = (int) Math.pow(10, (int) Math.log10(v));
        for (int tenths : new int[] {10, 15, 20, 30, 40, 50, 60, 80, 100}) {
            if (tenths * magnitude >= v * 10) {
                return Math.max(1, tenths * magnitude / 10);
            }
        }
        return 10 * magnitude;
    }

    private static String label(double x, double y, String css, String anchor, String value) {
        return "<text class=\"" + css + "\" x=\"" + n(x) + "\" y=\"" + n(y) + "\" text-anchor=\"" + anchor + "\">"
                + text(value) + "</text>";
    }
}
