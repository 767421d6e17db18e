package io.quiesce.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.database.paging.InvalidCursorException;
import io.quiesce.database.paging.PageCursor;
import io.quiesce.database.testing.TestDatabases;
import io.quiesce.jobs.quartz.JobScheduler;
import io.quiesce.jobs.testing.SchedulerNodes;
import io.quiesce.workflow.WorkflowTypesProducer;
import io.quiesce.workflow.instance.InstanceStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * The schedules' list against the clustered job store on a real PostgreSQL, as the server stores schedules: pages read
 * from the jobs module's job_schedule table (state from Quartz's triggers), in the order and with the content that {@link ScheduleService#find} shows. Each test has a
 * cluster (scheduler name) of its own, so that it sees only its own schedules.
 */
class ScheduleServiceIT {

    private static final Duration JOIN_WITHIN = Duration.ofSeconds(30);
    private static final String CURSOR_PATTERN = "[A-Za-z0-9_-]{1,512}";

    private static final DataSource dataSource = TestDatabases.newMigratedDatabase("schedules");

    private JobScheduler node;
    private ScheduleService service;

    @BeforeEach
    void ownCluster() {
        String cluster = "schedules-" + UUID.randomUUID();
        node = SchedulerNodes.start(cluster, "node-a", 1, dataSource, Map.of());
        service = new ScheduleService(
                node::scheduler, WorkflowTypesProducer.all(new InstanceStore(null)), new ScheduleStore(dataSource));
    }

    @AfterEach
    void stopCluster() throws InterruptedException {
        node.stop(Duration.ofSeconds(5));
    }

    /** Yearly, so that nothing fires while the test runs. */
    private String create(int hour) {
        return service.create(
                        new ScheduleDefinition(
                                "report", "0 0 " + hour + " 1 1 ?", "UTC", "{}", MisfirePolicy.FIRE_ONCE),
                        null)
                .schedule()
                .id();
    }

    private List<SchedulePage> allPages(int limit) {
        List<SchedulePage> pages = new ArrayList<>();
        String cursor = null;
        do {
            SchedulePage page = service.list(limit, cursor);
            pages.add(page);
            cursor = page.nextCursor();
        } while (cursor != null && pages.size() < 100);
        return pages;
    }

    @Test
    void listsPageByPageOldestFirst() {
        String first = create(3);
        String second = create(4);
        String third = create(5);

        SchedulePage page = service.list(2, null);
        assertThat(page.nextCursor()).isNotNull().matches(CURSOR_PATTERN);
        SchedulePage last = service.list(2, page.nextCursor());

        assertThat(page.items().size() + last.items().size()).isEqualTo(3);
        assertThat(last.nextCursor()).isNull();
        assertThat(Stream.concat(page.items().stream(), last.items().stream()).map(ScheduleRecord::id))
                .containsExactly(first, second, third);
        assertThat(service.list(50, null).items()).hasSize(3);
        assertThat(service.list(3, null).nextCursor())
                .as("no cursor when the page holds the last schedule")
                .isNull();
    }

    @Test
    void pagesAreCompleteDisjointOrderedAndShowWhatFindShows() throws Exception {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            expected.add(create(i));
        }
        List<String> created =
                service.list(200, null).items().stream().map(ScheduleRecord::id).toList();
        service.pause(created.get(1));
        service.pause(created.get(12));
        Scheduler scheduler = node.scheduler().orElseThrow();
        // A schedule whose trigger is gone, as after its last fire: listed as ENDED, without fire times.
        scheduler.unscheduleJob(TriggerKey.triggerKey(created.get(7), ScheduleService.GROUP));
        // Deleted while a client pages: the cursor after it still leads on.
        SchedulePage firstPage = service.list(10, null);
        String lastOfFirstPage = firstPage.items().get(9).id();
        service.delete(lastOfFirstPage);
        expected.remove(lastOfFirstPage);

        List<SchedulePage> pages = new ArrayList<>(List.of(firstPage));
        String cursor = firstPage.nextCursor();
        while (cursor != null) {
            SchedulePage page = service.list(10, cursor);
            pages.add(page);
            cursor = page.nextCursor();
        }

        List<ScheduleRecord> listed = pages.stream()
                .flatMap(p -> p.items().stream())
                .filter(s -> !s.id().equals(lastOfFirstPage))
                .toList();
        assertThat(pages).extracting(p -> p.items().size()).containsExactly(10, 10, 4);
        assertThat(pages.subList(0, 2))
                .allSatisfy(p -> assertThat(p.nextCursor()).matches(CURSOR_PATTERN));
        assertThat(listed)
                .extracting(ScheduleRecord::id)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(listed)
                .isSortedAccordingTo(
                        Comparator.comparing(ScheduleRecord::createdAt).thenComparing(ScheduleRecord::id));
        assertThat(listed)
                .allSatisfy(s -> assertThat(s).isEqualTo(service.find(s.id()).orElseThrow()));
        assertThat(listed)
                .extracting(ScheduleRecord::state)
                .containsOnly(ScheduleState.ACTIVE, ScheduleState.PAUSED, ScheduleState.ENDED);
        ScheduleRecord ended = service.find(created.get(7)).orElseThrow();
        assertThat(ended.state()).isEqualTo(ScheduleState.ENDED);
        assertThat(ended.nextFireTime()).isNull();
        assertThat(service.find(created.get(12)).orElseThrow().state()).isEqualTo(ScheduleState.PAUSED);
        assertThat(allPages(200))
                .singleElement()
                .satisfies(p -> assertThat(p.items()).hasSize(23));
    }

    @Test
    void aCursorNoPageHandedOutIsRejected() {
        create(3);

        assertThatThrownBy(() -> service.list(10, "bm90LWEtY3Vyc29y")).isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> service.list(10, "not a cursor")).isInstanceOf(InvalidCursorException.class);
        String afterEverything = new PageCursor(Instant.parse("2999-01-01T00:00:00Z"), "z").encode();
        assertThat(service.list(10, afterEverything).items()).isEmpty();
    }

    /**
     * What a failure between Quartz and the table, or a server of the previous release (which writes only Quartz's
     * tables) leaves behind: a schedule without its row is listed all the same (its row is written from Quartz's job
     * data), and a row whose schedule Quartz no longer has is neither listed nor kept.
     */
    @Test
    void theListRepairsWhatAFailureHalfWayOrThePreviousReleaseLeft() throws Exception {
        String kept = create(3);
        String rowLost = create(4);
        execute("DELETE FROM job_schedule WHERE id = ?", rowLost);
        Scheduler scheduler = node.scheduler().orElseThrow();
        String previousRelease = "previous-release-" + UUID.randomUUID();
        scheduler.scheduleJob(
                JobBuilder.newJob(ScheduleFireJob.class)
                        .withIdentity(previousRelease, ScheduleService.GROUP)
                        .storeDurably()
                        .requestRecovery()
                        .usingJobData(ScheduleService.TYPE, "report")
                        .usingJobData(ScheduleService.INPUT, "{\"steps\":3,\"stepMillis\":1000}")
                        .usingJobData(ScheduleService.CREATED_AT, "2026-12-01T10:15:30.123456789Z")
                        .usingJobData(ScheduleService.MISFIRE, "skip")
                        .usingJobData(ScheduleService.FINGERPRINT, "f")
                        .usingJobData(ScheduleService.CRON, "0 0 5 1 1 ?")
                        .usingJobData(ScheduleService.TIME_ZONE, "UTC")
                        .build(),
                TriggerBuilder.newTrigger()
                        .withIdentity(previousRelease, ScheduleService.GROUP)
                        .withSchedule(CronScheduleBuilder.cronSchedule("0 0 5 1 1 ?"))
                        .build());
        String deletedByPreviousRelease = create(6);
        scheduler.deleteJob(JobKey.jobKey(deletedByPreviousRelease, ScheduleService.GROUP));

        List<ScheduleRecord> listed = service.list(50, null).items();

        assertThat(listed).extracting(ScheduleRecord::id).containsExactlyInAnyOrder(kept, rowLost, previousRelease);
        assertThat(listed)
                .allSatisfy(s -> assertThat(s).isEqualTo(service.find(s.id()).orElseThrow()));
        ScheduleRecord adopted = service.find(previousRelease).orElseThrow();
        assertThat(adopted.createdAt()).isEqualTo(Instant.parse("2026-12-01T10:15:30.123456Z"));
        assertThat(adopted.misfirePolicy()).isEqualTo(MisfirePolicy.SKIP);
        assertThat(rows()).containsExactlyInAnyOrder(kept, rowLost, previousRelease);
        assertThat(service.delete(previousRelease)).isTrue();
        assertThat(rows()).containsExactlyInAnyOrder(kept, rowLost);
    }

    private static void execute(String sql, String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    /** The ids of job_schedule's rows of this test's scheduler. */
    private List<String> rows() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT id FROM job_schedule WHERE scheduler_name = ?")) {
            q.setString(1, node.scheduler().orElseThrow().getSchedulerName());
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }
}
