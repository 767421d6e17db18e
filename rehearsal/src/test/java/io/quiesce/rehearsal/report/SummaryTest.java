package io.quiesce.rehearsal.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.rehearsal.Rehearsal;
import io.quiesce.rehearsal.callback.CallbackAudit;
import io.quiesce.rehearsal.delay.DelayReport;
import io.quiesce.rehearsal.watch.WatchReport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** An upgrade's report on one screen and as JSON, every figure by release. */
class SummaryTest {

    private static final RunReport.Resources V1 =
            new RunReport.Resources(500, 2000, 805306368, "v1", 1200, 14, 0.53, 512, 0);

    private static final RunReport UPGRADE = new RunReport(
            "kubernetes/overlays/deployment",
            "Deployment/quiesce",
            Map.of("replicas", 2),
            new RunReport.Upgrade(
                    "0.2.0",
                    "commit e50742f (releases.txt)",
                    21,
                    "0.3.0-SNAPSHOT",
                    1,
                    List.of(new DatabaseAudit.AppliedScript("5", "instance started at", "2026-12-07T23:50:01.250Z")),
                    812,
                    0),
            new RunReport.Requests(
                    1000,
                    1000,
                    0,
                    40,
                    3,
                    Map.of("200", 900, "202", 100),
                    Map.of(),
                    Map.of(),
                    new TreeMap<>(Map.of(
                            "0.2.0", new RunReport.ReleaseRequests(400, 0),
                            "0.3.0-SNAPSHOT", new RunReport.ReleaseRequests(600, 0))),
                    Map.of("get", new RunReport.Latency(700, 3.0, 40.0, 90.0)),
                    List.of()),
            List.of(
                    new RunReport.PodResult("quiesce-1", "0.2.0", 20_000, 25.0, 370, 0, 0, true, 6_000, 0, false, V1),
                    new RunReport.PodResult(
                            "quiesce-3",
                            "0.3.0-SNAPSHOT",
                            30_000,
                            27.0,
                            380,
                            0,
                            0,
                            false,
                            -1,
                            null,
                            false,
                            new RunReport.Resources(500, 2000, 805306368, "v1", 900, 0, 0, 768, 1))),
            new DatabaseAudit.Workflows(
                    100,
                    0,
                    Map.of("COMPLETED", 100),
                    0,
                    0,
                    0,
                    0,
                    new TreeMap<>(Map.of(
                            "0.2.0", new DatabaseAudit.ReleaseWork(Map.of("COMPLETED", 40), 90, 0),
                            "0.3.0-SNAPSHOT", new DatabaseAudit.ReleaseWork(Map.of("COMPLETED", 60), 110, 0)))),
            new WorkflowTaskAudit.WorkflowTasks(130, 0, 0, 0, Map.of(), Map.of(), 0, Map.of(), List.of()),
            new DatabaseAudit.Schedule(
                    "s-1", 30, 30, new TreeMap<>(Map.of("0.2.0", 12, "0.3.0-SNAPSHOT", 18)), List.of(), List.of(), 250),
            WatchReport.off("0.2.0 serves no /api/instances/{id}/events (its OpenAPI document lists none)"),
            DelayReport.of(List.of(), List.of(6_000L)),
            CallbackAudit.Callbacks.off("0.2.0 takes no callback on a start"),
            List.of(),
            List.of(),
            140,
            null,
            null,
            null);

    @Test
    void everyFigureIsSplitByRelease() {
        String summary = Summary.render(UPGRADE);

        assertThat(summary)
                .contains("releases   0.2.0 (commit e50742f (releases.txt), built in 21 s) -> 0.3.0-SNAPSHOT (this"
                        + " build): 1 replacements upgraded, 0 redeployed 0.3.0-SNAPSHOT")
                .contains("by release 0.2.0 400 answered, 0 failed; 0.3.0-SNAPSHOT 600 answered, 0 failed")
                .contains("quiesce-1    0.2.0")
                .contains("quiesce-3    0.3.0-SNAPSHOT")
                .contains("  0.2.0            started {COMPLETED=40}; ran 90 steps, 0 re-run")
                .contains("schema     applied by the first 0.3.0-SNAPSHOT pod while 0.2.0 served: [V5 (instance started"
                        + " at) at 2026-12-07T23:50:01.250Z]; 0.2.0 then answered 812 requests, 0 failed")
                .contains(
                        "workflow tasks  130 histories read (0 unreadable): 0 failed in 0 instances {} {}, 0 timed out")
                .contains("30 fired {0.2.0=12, 0.3.0-SNAPSHOT=18}")
                .contains("watchers   off: 0.2.0 serves no /api/instances/{id}/events")
                .contains("callbacks  off: 0.2.0 takes no callback on a start")
                .contains("nothing lost");
    }

    @Test
    void aRehearsalOverCapacityShowsTheSearchTheRateAndWhatWasShed() {
        RunReport overloaded = new RunReport(
                UPGRADE.overlay(),
                UPGRADE.pod(),
                UPGRADE.settings(),
                null,
                UPGRADE.requests(),
                UPGRADE.pods(),
                UPGRADE.workflows(),
                UPGRADE.workflowTasks(),
                UPGRADE.schedule(),
                UPGRADE.watches(),
                UPGRADE.delay(),
                UPGRADE.callbacks(),
                List.of(),
                List.of(),
                140,
                null,
                new RunReport.Capacity(
                        300,
                        false,
                        150,
                        450,
                        100,
                        List.of(
                                new RunReport.CapacityStep(200, 2000, 12.4, 0, 0, true),
                                new RunReport.CapacityStep(400, 4000, 812, 31, 0, false),
                                new RunReport.CapacityStep(300, 3000, 61, 0, 0, true))),
                new RunReport.Overload(77, true, 3.2, 0, 0));

        assertThat(Summary.render(overloaded))
                .contains("capacity   300 requests/s measured (fast requests' p99 under 100 ms, nothing failed);"
                        + " rehearsed at 150 % = 450 requests/s; steps: 200/s kept p99 12 ms, 400/s over p99 812 ms"
                        + " 31 failed, 300/s kept p99 61 ms")
                .contains("overload   77 shed (503 overloaded + Retry-After), p99 3 ms, expected over capacity;"
                        + " balancer never empty");
        assertThat(Summary.render(UPGRADE)).doesNotContain("capacity   ").doesNotContain("overload   ");
    }

    @Test
    void eachPodsCgroupFiguresAndAnOomKillAsTheKubeletReportsIt() {
        String summary = Summary.render(UPGRADE);

        assertThat(summary.lines().filter(line -> line.startsWith("quiesce-")))
                .containsExactly(
                        "quiesce-1    0.2.0                20000     25.0    370        0        0     6000"
                                + "             0     no   0.5/2    0.53  14/1200     512     768",
                        "quiesce-3    0.3.0-SNAPSHOT       30000     27.0    380        0        0        -"
                                + " 137 OOMKilled      -   0.5/2    0.00    0/900     768     768");
        assertThat(summary).contains("\ncgroups    v1\n");
    }

    @Test
    void unconfinedPodsSayWhyOnceAndCountNothing() {
        RunReport.Resources off = new RunReport.Resources(
                500, 2000, 805306368, "off: /sys/fs/cgroup/cpu/quiesce-rehearsal-1 is not writable", -1, -1, -1, -1, 0);
        RunReport.PodResult pod =
                new RunReport.PodResult("quiesce-1", "0.3.0", 1, 1, 1, 0, 0, false, -1, null, false, off);
        List<RunReport.PodResult> pods = List.of(pod, pod);

        String summary = Summary.render(withPods(pods));

        assertThat(summary)
                .containsOnlyOnce("cgroups    off: /sys/fs/cgroup/cpu/quiesce-rehearsal-1 is not writable\n");
        assertThat(summary).contains("   0.5/2       -        -       -     768\n");
    }

    @Test
    void aReportWrittenBeforeCgroupsReadsAsUnrecorded() {
        RunReport.PodResult old =
                new RunReport.PodResult("quiesce-1", "0.2.0", 1, 1, 1, 0, 0, false, -1, null, false, null);

        assertThat(old.resources()).isEqualTo(RunReport.Resources.UNRECORDED);
        assertThat(Summary.render(withPods(List.of(old)))).doesNotContain("cgroups ");
    }

    private static RunReport withPods(List<RunReport.PodResult> pods) {
        RunReport r = UPGRADE;
        return new RunReport(
                r.overlay(),
                r.pod(),
                r.settings(),
                r.upgrade(),
                r.requests(),
                pods,
                r.workflows(),
                r.workflowTasks(),
                r.schedule(),
                r.watches(),
                r.delay(),
                r.callbacks(),
                r.losses(),
                r.warnings(),
                r.durationSeconds(),
                r.timeline(),
                r.capacity(),
                r.overload());
    }

    @Test
    void theReportIsWrittenAsJson() throws Exception {
        assertThat(Rehearsal.json(UPGRADE))
                .contains("\"installedOn\" : \"2026-12-07T23:50:01.250Z\"")
                .doesNotContain("installedAt")
                .contains("\"fromAnsweredAfterMigration\" : 812");
    }
}
