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

        PageModel.Lane second = model.lanes().get(1);
        assertThat(second.name()).isEqualTo("quiesce-2");
        assertThat(second.segments())
                .containsExactly(
                        new PageModel.Segment(Phase.STARTING, 16, 18_054),
                        new PageModel.Segment(Phase.SERVING, 18_054, 64_635),
                        new PageModel.Segment(Phase.PRESTOP, 64_635, 64_637),
                        new PageModel.Segment(Phase.DELAY, 64_637, 66_989),
                        new PageModel.Segment(Phase.DRAIN, 66_993, 67_002),
                        new PageModel.Segment(Phase.STOPPING, 67_002, 72_694));
        assertThat(second.end()).isEqualTo("exit 0");
        assertThat(second.inBalancer()).containsExactly(new PageModel.Span(19_071, 65_514));
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
    void lostRequestsAreMarkedOnThePodTheyHitAndMissedFiresOnTheScheduleLane() throws Exception {
        RunReport report = Rehearsal.read(FIXTURE);
        PageModel model = PageModel.of(report);

        List<PageModel.MarkerGroup> requests = model.markers().stream()
                .filter(m -> !m.lane().equals(PageModel.SCHEDULE))
                .toList();
        assertThat(requests).isNotEmpty().allSatisfy(m -> assertThat(m.kind()).isEqualTo("non-2xx"));
        assertThat(requests)
                .extracting(PageModel.MarkerGroup::lane)
                .containsOnly("quiesce-1", "quiesce-2", "quiesce-3");
        assertThat(requests.stream().mapToInt(m -> m.details().size()).sum())
                .isEqualTo(report.timeline().lostRequests().size());
        assertThat(requests)
                .allSatisfy(m ->
                        assertThat(m.details()).allSatisfy(d -> assertThat(d).contains("non-2xx on " + m.lane())));
        assertThat(requests.stream().filter(m -> m.lane().equals("quiesce-2")))
                .as("six 503s in one second, right after quiesce-2's SIGTERM")
                .singleElement()
                .satisfies(m -> assertThat(m.details()).hasSize(6))
                .satisfies(m -> assertThat(m.atMillis()).isBetween(64_637L, 67_000L));
        assertThat(model.markers().stream().filter(m -> m.lane().equals(PageModel.SCHEDULE)))
                .extracting(PageModel.MarkerGroup::kind, PageModel.MarkerGroup::atMillis)
                .as("2026-12-08T01:45:16Z is 56 956 ms after t = 0, 01:44:19.044")
                .first()
                .isEqualTo(org.assertj.core.api.Assertions.tuple("fire missed", 56_955L));
        assertThat(model.lanes()).last().extracting(PageModel.Lane::name).isEqualTo(PageModel.SCHEDULE);
    }

    @Test
    void binsCountEveryCompletedRequestOnceInOutcomeOrder() throws Exception {
        RunReport report = Rehearsal.read(FIXTURE);
        PageModel model = PageModel.of(report);

        assertThat(model.bins().stream().mapToInt(PageModel.Bin::total).sum())
                .isEqualTo(report.requests().arrived() - report.requests().unsent());
        assertThat(model.bins().get(0).counts().keySet()).containsExactlyElementsOf(Timeline.OUTCOMES);
        assertThat(model.bins().stream()
                        .mapToInt(b -> b.counts().get("non-2xx"))
                        .sum())
                .isEqualTo(report.requests().failuresByKind().get("non-2xx"));
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
                base.callbacks(),
                List.of("2 workflow tasks failed"),
                List.of(),
                10,
                null,
                null,
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
                io.quiesce.rehearsal.callback.CallbackAudit.Callbacks.NONE,
                List.of(),
                List.of(),
                40,
                timeline,
                null,
                null);
    }
}
