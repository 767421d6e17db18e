package io.quiesce.rehearsal.report;

import io.quiesce.rehearsal.callback.CallbackAudit;
import java.util.Locale;

/** The report on one screen. */
public final class Summary {

    private Summary() {}

    public static String render(RunReport report) {
        StringBuilder out = new StringBuilder();
        RunReport.Requests requests = report.requests();
        line(
                out,
                "Rollout rehearsal of %s (%s): %s",
                report.overlay(),
                report.pod(),
                report.lost() ? "LOST SOMETHING" : "nothing lost");
        line(out, "settings   %s", report.settings());
        line(
                out,
                "requests   %d arrived, %d succeeded, %d unsent; %d connections (%d found closed by the server before reuse);"
                        + " by outcome %s",
                requests.arrived(),
                requests.succeeded(),
                requests.unsent(),
                requests.connections(),
                requests.staleConnections(),
                requests.byOutcome());
        line(out, "failures   by kind %s, by pod %s", requests.failuresByKind(), requests.failuresByPod());
        requests.latencyByKind()
                .forEach((kind, l) -> line(
                        out,
                        "latency    %-8s n=%-6d p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms",
                        kind,
                        l.count(),
                        l.p50Millis(),
                        l.p99Millis(),
                        l.maxMillis()));
        line(
                out,
                "%-12s %9s %8s %6s %8s %8s %8s %6s %6s",
                "pod",
                "ready ms",
                "cpu s",
                "rss MB",
                "unready",
                "liveness",
                "term ms",
                "exit",
                "killed");
        for (RunReport.PodResult pod : report.pods()) {
            line(
                    out,
                    "%-12s %9d %8.1f %6d %8d %8d %8s %6s %6s",
                    pod.name(),
                    pod.startToReadyMillis(),
                    pod.cpuSecondsToReady(),
                    pod.rssMegabytesAtReady(),
                    pod.readinessRemovalsWhileServing(),
                    pod.livenessFailures(),
                    pod.deleted() ? Long.toString(pod.sigtermToExitMillis()) : "-",
                    pod.deleted() ? pod.exitCode() : "-",
                    pod.deleted() ? (pod.sigkilled() ? "YES" : "no") : "-");
        }
        DatabaseAudit.Workflows w = report.workflows();
        line(
                out,
                "workflows  %d accepted, %d missing, by status %s, %d stuck; steps: %d instances short, %d duplicated, %d re-run",
                w.accepted(),
                w.missing(),
                w.byStatus(),
                w.stuck(),
                w.stepsMissing(),
                w.stepsDuplicated(),
                w.stepsRerun());
        DatabaseAudit.Schedule s = report.schedule();
        line(
                out,
                "schedule   %d fire times expected, %d fired, %d missed %s, %d doubled %s, latest fire %d ms late",
                s.expected(),
                s.fired(),
                s.missed().size(),
                s.missed(),
                s.doubled().size(),
                s.doubled(),
                s.maxLateMillis());
        CallbackAudit.Callbacks c = report.callbacks();
        line(
                out,
                "callbacks  %d requested, %d instances ended: %d deliveries received, %d duplicates, %d missing;"
                        + " %d invalid signatures; by state %s",
                c.requested(),
                c.ended(),
                c.received(),
                c.duplicates(),
                c.missing(),
                c.invalidSignatures(),
                c.byState());
        report.warnings().forEach(warning -> line(out, "warning    %s", warning));
        report.losses().forEach(loss -> line(out, "LOST       %s", loss));
        requests.firstFailures().forEach(failure -> line(out, "  failure  %s", failure));
        line(out, "took %d s", report.durationSeconds());
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
