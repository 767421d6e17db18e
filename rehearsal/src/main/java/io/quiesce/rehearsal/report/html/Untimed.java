package io.quiesce.rehearsal.report.html;

import io.quiesce.rehearsal.report.DatabaseAudit;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.rehearsal.report.Timeline;
import io.quiesce.rehearsal.report.WorkflowTaskAudit;
import io.quiesce.rehearsal.watch.WatchReport;
import java.util.ArrayList;
import java.util.List;

/** The losses whose time the report does not know, each naming what and where: listed under the chart. */
final class Untimed {

    private Untimed() {}

    static List<String> of(RunReport report) {
        List<String> items = new ArrayList<>();
        Timeline t = report.timeline();
        if (t == null) {
            items.add("this report has no timeline (written before report.html existed): nothing can be drawn");
        } else if (t.lostRequestsOmitted() > 0) {
            items.add(t.lostRequestsOmitted() + " more failed requests than the " + Timeline.LOST_REQUESTS_KEPT
                    + " drawn (see requests.failuresByPod)");
        }
        WorkflowTaskAudit.WorkflowTasks tasks = report.workflowTasks();
        if (tasks.failed() > 0) {
            items.add("workflow task failures: " + tasks.failed() + " in " + tasks.instancesWithFailures()
                    + " instances, by pod " + tasks.failedByPod());
            tasks.firstFailures().forEach(f -> items.add("workflow task failed: " + f));
        }
        if (tasks.unreadable() > 0) {
            items.add(tasks.unreadable() + " instances' histories unreadable: their workflow tasks are unknown");
        }
        DatabaseAudit.Workflows w = report.workflows();
        count(items, w.missing(), "accepted instances without a row");
        count(items, w.stuck(), "instances still RUNNING at the end");
        count(items, w.stepsMissing(), "completed instances short of step records");
        count(items, w.stepsDuplicated(), "duplicated step records");
        count(items, w.stepsRerun(), "steps run again (attempt > 1)");
        w.byStatus().forEach((status, n) -> {
            if (!status.equals("COMPLETED") && !status.equals("RUNNING")) {
                items.add(n + " instances " + status);
            }
        });
        WatchReport watches = report.watches();
        if (watches != null) {
            count(items, watches.missed(), "stream events missed by watchers");
            count(items, watches.outOfOrder(), "stream events received out of order");
            count(items, watches.died(), "watchers refused a stream (gave up)");
            count(items, watches.unrecorded(), "instances with unrecorded events (missed callbacks)");
            watches.instances().stream()
                    .filter(i -> i.missed() + i.outOfOrder() > 0 || !i.outcome().equals("finished"))
                    .limit(20)
                    .forEach(i -> items.add("watcher of " + i.id() + ": " + i.outcome() + ", missed " + i.missed()
                            + ", out of order " + i.outOfOrder() + (i.detail().isEmpty() ? "" : ", " + i.detail())));
        }
        return items;
    }

    private static void count(List<String> items, int n, String what) {
        if (n > 0) {
            items.add(n + " " + what);
        }
    }
}
