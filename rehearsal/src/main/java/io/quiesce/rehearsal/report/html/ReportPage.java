package io.quiesce.rehearsal.report.html;

import static io.quiesce.rehearsal.report.html.Html.text;

import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.rehearsal.report.Summary;
import io.quiesce.rehearsal.report.Timeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code report.html}: the rehearsal as one self-contained page (inline SVG, CSS and a few lines of script; nothing
 * loaded from anywhere), which opens from a file or a CI artifact. Its script marks the body
 * {@code data-rendered="ok"} when it ran to the end, which the page test reads.
 */
public final class ReportPage {

    private static final int LOST_ROWS = 100;

    private ReportPage() {}

    public static String render(RunReport report) {
        PageModel model = PageModel.of(report);
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"color-scheme\" content=\"light dark\">\n<title>")
                .append(text("Rollout rehearsal of " + report.overlay() + ": " + verdict(report)))
                .append("</title>\n<style>\n")
                .append(resource("report.css"))
                .append("</style>\n</head>\n<body>\n");
        header(out, report);
        out.append("<main>\n");
        legend(out);
        out.append("<figure>\n");
        if (model.lanes().isEmpty()) {
            out.append("<p class=\"empty\">This report has no timeline to draw.</p>\n");
        } else {
            out.append(TimelineSvg.render(model));
        }
        out.append("<figcaption id=\"readout\" aria-live=\"polite\">Point at the chart for that second's requests."
                + "</figcaption>\n</figure>\n");
        losses(out, report, model);
        lostRequests(out, report.timeline());
        pods(out, report);
        settings(out, report);
        out.append("<section><h2>Summary</h2>\n<pre>")
                .append(text(Summary.render(report)))
                .append("</pre></section>\n</main>\n<footer>report.json beside this page has every number.</footer>\n")
                .append("<script type=\"application/json\" id=\"bins\">")
                .append(binsJson(model))
                .append("</script>\n<script>\n")
                .append(resource("report.js"))
                .append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private static String verdict(RunReport report) {
        return report.lost() ? "LOST SOMETHING" : "nothing lost";
    }

    private static void header(StringBuilder out, RunReport report) {
        Timeline t = report.timeline();
        out.append("<header>\n<h1>Rollout rehearsal of <code>")
                .append(text(report.overlay()))
                .append("</code> <span class=\"verdict ")
                .append(report.lost() ? "lost\">✗ " : "clean\">✓ ")
                .append(verdict(report))
                .append("</span></h1>\n<p>")
                .append(text(report.pod()))
                .append(", ")
                .append(text(report.settings().getOrDefault("replacements", "?")))
                .append(" replacements at ")
                .append(text(report.settings().getOrDefault("rate", "?")))
                .append(" requests/s");
        if (report.upgrade() != null) {
            out.append(", upgrade ")
                    .append(text(report.upgrade().from()))
                    .append(" → ")
                    .append(text(report.upgrade().to()));
        }
        out.append(", took ").append(report.durationSeconds()).append(" s");
        if (t != null) {
            out.append("; t = 0 is the first pod's creation, ").append(text(t.startedAt()));
        }
        out.append(".</p>\n</header>\n");
    }

    private static void legend(StringBuilder out) {
        out.append("<section class=\"legend\" aria-label=\"legend\">\n<span class=\"legend-group\">Pod phases:</span>");
        for (Phase phase : List.of(
                Phase.STARTING,
                Phase.SERVING,
                Phase.UNREADY,
                Phase.PRESTOP,
                Phase.DELAY,
                Phase.DRAIN,
                Phase.STOPPING)) {
            out.append("<span class=\"item\"><svg class=\"swatch\" viewBox=\"0 0 24 14\" width=\"24\" height=\"14\""
                            + " aria-hidden=\"true\"><rect class=\"phase ph-")
                    .append(phase.css)
                    .append("\" width=\"24\" height=\"14\"/></svg>")
                    .append(text(phase.label))
                    .append(" <small>")
                    .append(text(phase.legend))
                    .append("</small></span>");
        }
        out.append("<span class=\"item\"><svg class=\"swatch\" viewBox=\"0 0 24 14\" width=\"24\" height=\"14\""
                + " aria-hidden=\"true\"><rect class=\"balancer\" y=\"5\" width=\"24\" height=\"5\"/></svg>in the"
                + " balancer</span><span class=\"item\"><b>|</b> exit code</span>\n");
        out.append("<br><span class=\"legend-group\">Outcomes and losses:</span>");
        out.append("<span class=\"item\"><svg class=\"swatch\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\""
                + " aria-hidden=\"true\"><rect class=\"bar k-ok\" width=\"16\" height=\"16\"/></svg>ok</span>");
        for (String kind :
                List.of("refused", "reset", "eof", "timeout", "non-2xx", "other", "fire missed", "fire doubled")) {
            out.append("<span class=\"item\">")
                    .append(Markers.swatch(kind))
                    .append(text(kind))
                    .append("</span>");
        }
        out.append("\n</section>\n");
    }

    private static void losses(StringBuilder out, RunReport report, PageModel model) {
        out.append("<section><h2>What was lost</h2>\n");
        if (report.losses().isEmpty()) {
            out.append("<p class=\"clean\">✓ Nothing: every request succeeded, every instance, step and fire is"
                    + " accounted for.</p>\n");
        } else {
            list(out, "losses", report.losses());
        }
        if (!model.untimed().isEmpty()) {
            out.append("<h3>Without a time (not on the chart)</h3>\n");
            list(out, "untimed", model.untimed());
        }
        if (!report.warnings().isEmpty()) {
            out.append("<h3>Warnings</h3>\n");
            list(out, "warnings", report.warnings());
        }
        out.append("</section>\n");
    }

    private static void list(StringBuilder out, String id, List<String> items) {
        out.append("<ul id=\"").append(id).append("\">");
        items.forEach(item -> out.append("<li>").append(text(item)).append("</li>"));
        out.append("</ul>\n");
    }

    private static void lostRequests(StringBuilder out, Timeline t) {
        if (t == null || t.lostRequests().isEmpty()) {
            return;
        }
        out.append("<section><h2>Failed requests</h2>\n<table id=\"lost-requests\"><thead><tr><th>at</th><th>pod</th>"
                + "<th>outcome</th><th>request</th><th>after</th><th>error</th></tr></thead><tbody>");
        t.lostRequests().stream()
                .limit(LOST_ROWS)
                .forEach(r -> out.append("<tr><td>")
                        .append(Html.seconds(r.atMillis()))
                        .append("</td><td>")
                        .append(text(r.pod()))
                        .append("</td><td>")
                        .append(Markers.swatch(r.outcome()))
                        .append(text(r.outcome()))
                        .append("</td><td>#")
                        .append(r.seq())
                        .append(' ')
                        .append(text(r.kind()))
                        .append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.0f ms", r.latencyMillis()))
                        .append("</td><td>")
                        .append(text(r.error()))
                        .append("</td></tr>"));
        out.append("</tbody></table>\n");
        int more = t.lostRequests().size() - LOST_ROWS + t.lostRequestsOmitted();
        if (more > 0) {
            out.append("<p>and ").append(more).append(" more (report.json).</p>\n");
        }
        out.append("</section>\n");
    }

    private static void pods(StringBuilder out, RunReport report) {
        out.append("<section><h2>Pods</h2>\n<table id=\"pods\"><thead><tr><th>pod</th><th>release</th>"
                + "<th>start → Ready</th><th>CPU s to Ready</th><th>RSS MB</th><th>unready while serving</th>"
                + "<th>liveness failures</th><th>SIGTERM → exit</th><th>exit code</th><th>SIGKILL</th>"
                + "<th>CPU request/limit</th><th>throttled s (periods)</th><th>peak / limit MB</th></tr></thead>"
                + "<tbody>");
        for (RunReport.PodResult p : report.pods()) {
            boolean bad = p.oomKilled() || p.deleted() && (p.sigkilled() || p.exitCode() == null || p.exitCode() != 0);
            RunReport.Resources r = p.resources();
            out.append(bad ? "<tr class=\"bad\"><td>" : "<tr><td>")
                    .append(text(p.name()))
                    .append("</td><td>")
                    .append(text(p.release()))
                    .append("</td><td>")
                    .append(p.startToReadyMillis() < 0 ? "-" : Html.seconds(p.startToReadyMillis()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", p.cpuSecondsToReady()))
                    .append("</td><td>")
                    .append(p.rssMegabytesAtReady())
                    .append("</td><td>")
                    .append(p.readinessRemovalsWhileServing())
                    .append("</td><td>")
                    .append(p.livenessFailures())
                    .append("</td><td>")
                    .append(p.deleted() ? Html.seconds(p.sigtermToExitMillis()) : "-")
                    .append("</td><td>")
                    .append(
                            p.oomKilled()
                                    ? "✗ 137 " + RunReport.PodResult.OOM_KILLED
                                    : p.deleted() ? text(p.exitCode()) : "-")
                    .append("</td><td>")
                    .append(p.deleted() ? (p.sigkilled() ? "✗ yes" : "no") : "-")
                    .append("</td><td>")
                    .append(r.cpuRequestAndLimit())
                    .append("</td><td>")
                    .append(
                            r.counted()
                                    ? String.format(
                                            Locale.ROOT,
                                            "%.2f (%d of %d)",
                                            r.throttledSeconds(),
                                            r.throttledPeriods(),
                                            r.periods())
                                    : "-")
                    .append("</td><td>")
                    .append(r.counted() ? r.peakMemoryMegabytes() : "-")
                    .append(" / ")
                    .append(r.memoryLimitBytes() > 0 ? r.memoryLimitBytes() / (1024 * 1024) : "-")
                    .append("</td></tr>");
        }
        out.append("</tbody></table></section>\n");
    }

    private static void settings(StringBuilder out, RunReport report) {
        out.append("<section><h2>Settings</h2>\n<table id=\"settings\"><tbody>");
        for (Map.Entry<String, Object> e : report.settings().entrySet()) {
            out.append("<tr><th>")
                    .append(text(e.getKey()))
                    .append("</th><td>")
                    .append(text(e.getValue()))
                    .append("</td></tr>");
        }
        out.append("</tbody></table></section>\n");
    }

    /** The bins for the script's readout: {@code [second, counts in Timeline.OUTCOMES order..., p50, p99]}. */
    private static String binsJson(PageModel model) {
        return model.bins().stream()
                .map(b -> "[" + b.second() + ","
                        + b.counts().values().stream().map(String::valueOf).collect(Collectors.joining(","))
                        + "," + Html.n(b.p50Millis()) + "," + Html.n(b.p99Millis()) + "]")
                .collect(Collectors.joining(",", "{\"outcomes\":" + outcomesJson() + ",\"bins\":[", "]}"));
    }

    private static String outcomesJson() {
        return Timeline.OUTCOMES.stream().map(o -> "\"" + o + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + ReportPage.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
