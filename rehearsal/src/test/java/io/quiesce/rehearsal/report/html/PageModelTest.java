package io.quiesce.rehearsal.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.rehearsal.Rehearsal;
import io.quiesce.rehearsal.report.DatabaseAudit;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.rehearsal.report.Timeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lanes, bins and markers as computed from a report: the recorded fixture and cases built for one rule each. */
class PageModelTest {

    static final Path FIXTURE = Path.of("src/test/resources/io/quiesce/rehearsal/report/html/report.json");

    @Test
    void aDeletedPodGoesThroughItsPhasesInOrderAndEndsWithItsExitCode() throws Exception {
        PageModel model = PageModel.of(Rehearsal.read(FIXTURE));

        PageModel.Lane first = model.lanes().get(0);
        assertThat(first.name()).isEqualTo("quiesce-1");
        assertThat(first.segments())
                .extracting(PageModel.Segment::phase)
                .containsExactly(Phase.STARTING, Phase.SERVING, Phase.DELAY, Phase.DRAIN, Phase.STOPPING);
        assertThat(first.segments().get(0).toMillis()).isEqualTo(23_512);
        assertThat(first.segments().get(3))
                .as("the drain from its log line, in run time")
                .isEqualTo(new PageModel.Segment(Phase.DRAIN, 55_239, 56_889));
        assertThat(first.segments().get(4).toMillis()).isEqualTo(57_890);
        assertThat(first.end()).isEqualTo("exit 0");
        assertThat(first.inBalancer()).containsExactly(new PageModel.Span(24_519, 56_130));
        PageModel.Lane running = model.lanes().get(2);
        assertThat(running.segments())
                .extracting(PageModel.Segment::phase)
                .containsExactly(Phase.STARTING, Phase.SERVING);
        assertThat(running.segments().get(1).toMillis())
                .as("serving until the end")
                .isEqualTo(model.endMillis());
        assertThat(running.end()).isEmpty();
    }

    @Test
    void lostRequestsAreMarkedOnThePodTheyHitGroupedBySecond() throws Exception {
        RunReport report = Rehearsal.read(FIXTURE);
        PageModel model = PageModel.of(report);

        assertThat(model.markers())
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.kind()).isEqualTo("refused"));
        assertThat(model.markers()).extracting(PageModel.MarkerGroup::lane).containsOnly("quiesce-1", "quiesce-2");
        assertThat(model.markers().stream().mapToInt(m -> m.details().size()).sum())
                .isEqualTo(report.timeline().lostRequests().size());
        assertThat(model.markers())
                .allSatisfy(m ->
                        assertThat(m.details()).allSatisfy(d -> assertThat(d).contains("refused on " + m.lane())));
        assertThat(model.markers().stream().filter(m -> m.lane().equals("quiesce-1")))
                .allSatisfy(m -> assertThat(m.atMillis()).isBetween(55_210L, 56_130L));
    }

    @Test
    void binsCountEveryCompletedRequestOnceInOutcomeOrder() throws Exception {
        RunReport report = Rehearsal.read(FIXTURE);
        PageModel model = PageModel.of(report);

        assertThat(model.bins().stream().mapToInt(PageModel.Bin::total).sum())
                .isEqualTo(report.requests().arrived());
        assertThat(model.bins().get(0).counts().keySet()).containsExactlyElementsOf(Timeline.OUTCOMES);
        assertThat(model.bins().stream()
                        .mapToInt(b -> b.counts().get("refused"))
                        .sum())
                .isEqualTo(report.requests().failuresByKind().get("refused"));
    }

    @Test
    void aFailureWithoutAPodAndAMissedFireGetLanesOfTheirOwn() {
        Timeline.PodPhases pod = new Timeline.PodPhases(
                "quiesce-1",
                "0.2.0",
                0,
                10_000,
                12_000,
                List.of(new Timeline.Interval(20_000, 24_000)),
                List.of(new Timeline.Interval(13_000, -1)),
                -1,
                -1,
                List.of(),
                -1,
                null,
                false);
        Timeline timeline = new Timeline(
                "2026-12-08T01:00:00Z",
                40_000,
                List.of(pod),
                List.of(new Timeline.Second(21, Map.of("ok", 3, "refused", 1), 5.0, 9.0)),
                List.of(new Timeline.LostRequest(21_500, 7, "get", "(none)", "refused", 1.2, "refused")),
                0);
        RunReport report = report(timeline, List.of("2026-12-08T01:00:30Z"));

        PageModel model = PageModel.of(report);

        assertThat(model.lanes())
                .extracting(PageModel.Lane::name)
                .containsExactly("quiesce-1", PageModel.NO_POD, PageModel.SCHEDULE);
        assertThat(model.lanes().get(0).segments())
                .extracting(PageModel.Segment::phase)
                .containsExactly(Phase.STARTING, Phase.SERVING, Phase.UNREADY);
        assertThat(model.markers())
                .extracting(PageModel.MarkerGroup::lane, PageModel.MarkerGroup::kind, PageModel.MarkerGroup::atMillis)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple(PageModel.NO_POD, "refused", 21_500L),
                        org.assertj.core.api.Assertions.tuple(PageModel.SCHEDULE, "fire missed", 30_000L));
        assertThat(model.bins().get(0).total()).isEqualTo(4);
    }

    @Test
    void lossesWithoutATimeAreListedNamingTheirPod() {
        RunReport base = report(null, List.of());
        RunReport report = new RunReport(
                base.overlay(),
                base.pod(),
                base.settings(),
                null,
                base.requests(),
                base.pods(),
                base.workflows(),
                new io.quiesce.rehearsal.report.WorkflowTaskAudit.WorkflowTasks(
                        10,
                        0,
                        2,
                        1,
                        Map.of("quiesce-3 (0.3.0)", 2),
                        Map.of("0.3.0", 2),
                        0,
                        Map.of(),
                        List.of("instance-4 on quiesce-3 (0.3.0): nondeterministic")),
                base.schedule(),
                base.watches(),
                base.delay(),
                List.of("2 workflow tasks failed"),
                List.of(),
                10,
                null);

        assertThat(Untimed.of(report))
                .anySatisfy(i -> assertThat(i).contains("by pod {quiesce-3 (0.3.0)=2}"))
                .anySatisfy(i -> assertThat(i).contains("instance-4 on quiesce-3"))
                .anySatisfy(i -> assertThat(i).contains("no timeline"));
        assertThat(PageModel.of(report).lanes()).isEmpty();
    }

    static RunReport report(Timeline timeline, List<String> missedFires) {
        return new RunReport(
                "kubernetes/overlays/deployment",
                "Deployment/quiesce",
                Map.of("replacements", 1, "rate", 10),
                null,
                new RunReport.Requests(4, 3, 0, 1, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of()),
                List.of(),
                new DatabaseAudit.Workflows(0, 0, Map.of(), 0, 0, 0, 0, Map.of()),
                new io.quiesce.rehearsal.report.WorkflowTaskAudit.WorkflowTasks(
                        0, 0, 0, 0, Map.of(), Map.of(), 0, Map.of(), List.of()),
                new DatabaseAudit.Schedule("s", 20, 19, Map.of(), missedFires, List.of(), 10),
                io.quiesce.rehearsal.watch.WatchReport.off("none"),
                io.quiesce.rehearsal.delay.DelayReport.of(List.of(), List.of()),
                List.of(),
                List.of(),
                40,
                timeline);
    }
}
