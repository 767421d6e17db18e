package io.quiesce.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quiesce.api.http.InlineExecutors;
import io.quiesce.api.http.Paging;
import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemException;
import io.quiesce.database.paging.InvalidCursorException;
import io.quiesce.jobs.schedule.MisfirePolicy;
import io.quiesce.jobs.schedule.ScheduleDefinition;
import io.quiesce.jobs.schedule.ScheduleRow;
import io.quiesce.jobs.schedule.ScheduleService;
import io.quiesce.jobs.schedule.ScheduleStore;
import io.quiesce.jobs.schedule.SchedulerUnavailableException;
import io.quiesce.workflow.WorkflowTypesProducer;
import io.quiesce.workflow.instance.InstanceStore;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The read and state-changing endpoints against the real service on an in-memory Quartz scheduler in standby (nothing
 * fires). Create and delete answer with a built {@code Response}, which needs a JAX-RS runtime: the ITs cover them; the
 * list reads the job store's tables, which an in-memory scheduler has not: {@code ScheduleServiceIT} covers it.
 */
class SchedulesResourceTest {

    /** Quartz announces every scheduler at INFO; held so that the level is not lost with a collected logger. */
    private static final Logger QUARTZ = Logger.getLogger("org.quartz");

    static {
        QUARTZ.setLevel(Level.WARNING);
    }

    /** The resource reads single schedules from Quartz; the listed rows' table is the jobs module's IT's concern. */
    private static final ScheduleStore NO_ROWS = new ScheduleStore(null) {
        @Override
        public void insert(String schedulerName, ScheduleRow row) {}

        @Override
        public void delete(String schedulerName, String id) {}
    };

    private Scheduler scheduler;
    private ScheduleService service;
    private SchedulesResource resource;

    @BeforeEach
    void inMemoryScheduler() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("org.quartz.scheduler.instanceName", "schedules-resource-test-" + UUID.randomUUID());
        settings.setProperty("org.quartz.threadPool.threadCount", "1");
        settings.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        scheduler = new StdSchedulerFactory(settings).getScheduler();
        service = new ScheduleService(
                () -> Optional.of(scheduler), WorkflowTypesProducer.all(new InstanceStore(null)), NO_ROWS);
        resource = new SchedulesResource();
        resource.schedules = service;
        resource.executors = new InlineExecutors();
    }

    @AfterEach
    void shutdown() throws Exception {
        scheduler.shutdown();
    }

    private String create(String cron, String zone, String input, MisfirePolicy policy) {
        return service.create(new ScheduleDefinition("report", cron, zone, input, policy), null)
                .schedule()
                .id();
    }

    @Test
    void showsAScheduleWithItsNormalisedInput() {
        String id = create("0 0 3 1 1 ?", "Europe/Paris", "{\"steps\":2}", MisfirePolicy.SKIP);

        ScheduleView view = resource.get(id).toCompletableFuture().join();

        assertThat(view.id()).isEqualTo(id);
        assertThat(view.type()).isEqualTo("report");
        assertThat(view.cron()).isEqualTo("0 0 3 1 1 ?");
        assertThat(view.timeZone()).isEqualTo("Europe/Paris");
        assertThat(view.misfirePolicy()).isEqualTo("skip");
        assertThat(view.state()).isEqualTo("ACTIVE");
        assertThat(view.input()).isInstanceOf(JsonObject.class);
        assertThat(((JsonObject) view.input()).getInt("steps")).isEqualTo(2);
        assertThat(((JsonObject) view.input()).getInt("stepMillis")).isEqualTo(1000);
        assertThat(view.createdAt()).isBeforeOrEqualTo(Instant.now());
        assertThat(view.nextFireTime()).isAfter(Instant.now());
        assertThat(view.previousFireTime()).isNull();
    }

    @Test
    void pausesAndResumes() {
        String id = create("0 0 3 1 1 ?", "UTC", "{}", MisfirePolicy.FIRE_ONCE);

        ScheduleView paused = resource.pause(id).toCompletableFuture().join();
        assertThat(paused.state()).isEqualTo("PAUSED");
        assertThat(paused.nextFireTime()).isNull();
        assertThat(resource.pause(id).toCompletableFuture().join().state())
                .as("pausing twice")
                .isEqualTo("PAUSED");

        ScheduleView resumed = resource.resume(id).toCompletableFuture().join();
        assertThat(resumed.state()).isEqualTo("ACTIVE");
        assertThat(resumed.misfirePolicy()).isEqualTo("fire-once");
        assertThat(resumed.nextFireTime()).isNotNull();
    }

    @Test
    void anUnknownIdIsNotFound() {
        for (Runnable call :
                new Runnable[] {() -> resource.get("nope"), () -> resource.pause("nope"), () -> resource.resume("nope")
                }) {
            ProblemException e = catchThrowableOfType(ProblemException.class, call::run);
            assertThat(e).isNotNull();
            assertThat(e.problem().type()).isEqualTo("urn:quiesce:problem:schedule-not-found");
            assertThat(e.problem().status()).isEqualTo(404);
        }
    }

    @Test
    void aForeignCursorIsRefusedNamingTheCursor() {
        InvalidCursorException e = catchThrowableOfType(
                InvalidCursorException.class,
                () -> resource.list("50", "bm90LWEtY3Vyc29y")
                        .toCompletableFuture()
                        .join());

        assertThat(e).isNotNull();
        assertThat(Paging.invalidCursor(e).type()).isEqualTo("urn:quiesce:problem:invalid-cursor");
        assertThat(Paging.invalidCursor(e).errors())
                .extracting(Problem.InvalidField::field)
                .containsExactly("cursor");
    }

    @Test
    void aStoppedSchedulerIsReportedAsUnavailable() {
        resource.schedules =
                new ScheduleService(Optional::empty, WorkflowTypesProducer.all(new InstanceStore(null)), NO_ROWS);

        assertThatThrownBy(() -> resource.get("any").toCompletableFuture().join())
                .isInstanceOf(SchedulerUnavailableException.class);
        assertThatThrownBy(() -> resource.list("50", null).toCompletableFuture().join())
                .isInstanceOf(SchedulerUnavailableException.class);
    }
}
