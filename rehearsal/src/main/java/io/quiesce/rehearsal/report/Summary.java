package io.quiesce.rehearsal.report;

import io.quiesce.rehearsal.callback.CallbackAudit;
import io.quiesce.rehearsal.delay.DelayOutcome;
import io.quiesce.rehearsal.delay.DelayReport;
import io.quiesce.rehearsal.watch.WatchReport;
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
        RunReport.Upgrade upgrade = report.upgrade();
        if (upgrade != null) {
            line(
                    out,
                    "releases   %s (%s%s) -> %s (this build): %d replacements upgraded, %d redeployed %s",
                    upgrade.from(),
                    upgrade.fromOrigin(),
                    upgrade.fromBuildSeconds() > 0
                            ? ", built in " + upgrade.fromBuildSeconds() + " s"
                            : ", built before",
                    upgrade.to(),
                    upgrade.upgradeReplacements(),
                    report.pods().stream().filter(RunReport.PodResult::deleted).count() - upgrade.upgradeReplacements(),
                    upgrade.to());
        }
        line(out, "settings   %s", report.settings());
        capacity(out, report.capacity());
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
        overload(out, report.overload());
        StringBuilder byRelease = new StringBuilder();
        requests.byRelease()
                .forEach((release, r) -> byRelease
                        .append(byRelease.length() == 0 ? "" : "; ")
                        .append(String.format(
                                Locale.ROOT, "%s %d answered, %d failed", release, r.answered(), r.failed())));
        line(out, "by release %s", byRelease);
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
                "%-12s %-16s %9s %8s %6s %8s %8s %8s %13s %6s %7s %7s %8s %7s %7s",
                "pod",
                "release",
                "ready ms",
                "cpu s",
                "rss MB",
                "unready",
                "liveness",
                "term ms",
                "exit",
                "killed",
                "cpu",
                "thr s",
                "thr n",
                "peak MB",
                "mem MB");
        for (RunReport.PodResult pod : report.pods()) {
            RunReport.Resources r = pod.resources();
            line(
                    out,
                    "%-12s %-16s %9d %8.1f %6d %8d %8d %8s %13s %6s %7s %7s %8s %7s %7s",
                    pod.name(),
                    pod.release(),
                    pod.startToReadyMillis(),
                    pod.cpuSecondsToReady(),
                    pod.rssMegabytesAtReady(),
                    pod.readinessRemovalsWhileServing(),
                    pod.livenessFailures(),
                    pod.deleted() ? Long.toString(pod.sigtermToExitMillis()) : "-",
                    pod.oomKilled() ? "137 " + RunReport.PodResult.OOM_KILLED : pod.deleted() ? pod.exitCode() : "-",
                    pod.deleted() ? (pod.sigkilled() ? "YES" : "no") : "-",
                    r.cpuRequestAndLimit(),
                    r.counted() ? String.format(Locale.ROOT, "%.2f", r.throttledSeconds()) : "-",
                    r.counted() ? r.throttledPeriods() + "/" + r.periods() : "-",
                    r.counted() ? Long.toString(r.peakMemoryMegabytes()) : "-",
                    r.memoryLimitBytes() > 0 ? Long.toString(r.memoryLimitBytes() / (1024 * 1024)) : "-");
        }
        report.pods().stream()
                .map(pod -> pod.resources().cgroup())
                .filter(cgroup -> !cgroup.equals(RunReport.Resources.UNRECORDED.cgroup()))
                .distinct()
                .forEach(cgroup -> line(out, "cgroups    %s", cgroup));
        delay(out, report.delay());
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
        w.byRelease()
                .forEach((release, work) -> line(
                        out,
                        "  %-16s started %s; ran %d steps, %d re-run",
                        release,
                        work.started(),
                        work.steps(),
                        work.stepsRerun()));
        if (upgrade != null) {
            line(
                    out,
                    "schema     %s; %s then answered %d requests, %d failed",
                    upgrade.migrations().isEmpty()
                            ? "no migration applied by " + upgrade.to()
                            : "applied by the first " + upgrade.to() + " pod while " + upgrade.from() + " served: "
                                    + upgrade.migrations().stream()
                                            .map(m -> "V" + m.version() + " (" + m.description() + ") at "
                                                    + m.installedOn())
                                            .toList(),
                    upgrade.from(),
                    upgrade.fromAnsweredAfterMigration(),
                    upgrade.fromFailedAfterMigration());
        }
        WorkflowTaskAudit.WorkflowTasks t = report.workflowTasks();
        line(
                out,
                "workflow tasks  %d histories read (%d unreadable): %d failed in %d instances %s %s, %d timed out %s",
                t.histories(),
                t.unreadable(),
                t.failed(),
                t.instancesWithFailures(),
                t.failedByPod(),
                t.failedByRelease(),
                t.timedOut(),
                t.timedOutByPod());
        DatabaseAudit.Schedule s = report.schedule();
        line(
                out,
                "schedule   %d fire times expected, %d fired %s, %d missed %s, %d doubled %s, latest fire %d ms late",
                s.expected(),
                s.fired(),
                s.firedByRelease(),
                s.missed().size(),
                s.missed(),
                s.doubled().size(),
                s.doubled(),
                s.maxLateMillis());
        CallbackAudit.Callbacks c = report.callbacks();
        if (!c.off().isEmpty()) {
            line(out, "callbacks  off: %s", c.off());
        } else {
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
        }
        WatchReport watches = report.watches();
        if (!watches.off().isEmpty()) {
            line(out, "watchers   off: %s", watches.off());
        }
        if (watches.watched() > 0) {
            line(
                    out,
                    "watchers   %d of %d instances (%d%%), %d followed to the end; events %d recorded, %d received, %d missed,"
                            + " %d duplicated, %d out of order; %d reconnects (%d late, %d failed attempts, longest %d ms,"
                            + " at most %+d ms beyond the retry hint); %d died; %d instances with unrecorded events",
                    watches.watched(),
                    watches.instancesAccepted(),
                    watches.sharePercent(),
                    watches.followedToTheEnd(),
                    watches.eventsRecorded(),
                    watches.eventsReceived(),
                    watches.missed(),
                    watches.duplicated(),
                    watches.outOfOrder(),
                    watches.reconnects(),
                    watches.reconnectsLate(),
                    watches.reconnectsFailed(),
                    watches.maxReconnectMillis(),
                    watches.maxOverHintMillis(),
                    watches.died(),
                    watches.unrecorded());
            line(
                    out,
                    "           live events from commit to watcher: n=%d p50 %.1f ms  p99 %.1f ms  max %.1f ms",
                    watches.live().events(),
                    watches.live().p50Millis(),
                    watches.live().p99Millis(),
                    watches.live().maxMillis());
        }
        report.warnings().forEach(warning -> line(out, "warning    %s", warning));
        report.losses().forEach(loss -> line(out, "LOST       %s", loss));
        requests.firstFailures().forEach(failure -> line(out, "  failure  %s", failure));
        t.firstFailures().forEach(failure -> line(out, "  task     %s", failure));
        line(out, "took %d s", report.durationSeconds());
        return out.toString();
    }

    private static void delay(StringBuilder out, DelayReport delay) {
        line(
                out,
                "delay      %d shutdowns: delay min %d / median %d / max %d ms, ended by %s; %d new connections,"
                        + " the last %d ms after a signal; SIGTERM -> exit median %d ms",
                delay.pods().size(),
                delay.delayMinMillis(),
                delay.delayMedianMillis(),
                delay.delayMaxMillis(),
                delay.endedBy(),
                delay.newConnections(),
                delay.lastNewConnectionMaxMillis(),
                delay.sigtermToExitMedianMillis());
        for (DelayOutcome pod : delay.pods()) {
            if (pod.newConnections() < 0) {
                line(
                        out,
                        "  delay    %-12s %6d ms %-8s (an earlier release: new connections not reported)",
                        pod.pod(),
                        pod.millis(),
                        pod.mode());
                continue;
            }
            line(
                    out,
                    "  delay    %-12s %6d ms %-8s %-7s %4d new connections, last at %d ms, quiet period %d ms",
                    pod.pod(),
                    pod.millis(),
                    pod.mode(),
                    pod.endedBy(),
                    pod.newConnections(),
                    pod.lastNewConnectionMillis(),
                    pod.quietMillis());
        }
    }

    private static void capacity(StringBuilder out, RunReport.Capacity capacity) {
        if (capacity == null) {
            return;
        }
        StringBuilder steps = new StringBuilder();
        for (RunReport.CapacityStep step : capacity.steps()) {
            steps.append(steps.length() == 0 ? "" : ", ")
                    .append(String.format(
                            Locale.ROOT,
                            "%d/s %s p99 %.0f ms%s%s",
                            step.rate(),
                            step.kept() ? "kept" : "over",
                            step.fastP99Millis(),
                            step.failed() > 0 ? " " + step.failed() + " failed" : "",
                            step.unsent() > 0 ? " " + step.unsent() + " unsent" : ""));
        }
        line(
                out,
                "capacity   %d requests/s %s (fast requests' p99 under %.0f ms, nothing failed); rehearsed at %d %% = %d"
                        + " requests/s%s",
                capacity.requestsPerSecond(),
                capacity.given() ? "given" : "measured",
                capacity.p99GoalMillis(),
                capacity.percent(),
                capacity.rate(),
                steps.length() == 0 ? "" : "; steps: " + steps);
    }

    private static void overload(StringBuilder out, RunReport.Overload overload) {
        if (overload == null) {
            return;
        }
        line(
                out,
                "overload   %d shed (503 overloaded + Retry-After)%s%s; balancer %s",
                overload.shed(),
                overload.shed() > 0 ? String.format(Locale.ROOT, ", p99 %.0f ms", overload.shedP99Millis()) : "",
                overload.expected() ? ", expected over capacity" : "",
                overload.balancerEmptyMillis() == 0
                        ? "never empty"
                        : String.format(
                                Locale.ROOT,
                                "EMPTY %d time(s), %d ms",
                                overload.balancerEmptyTimes(),
                                overload.balancerEmptyMillis()));
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
