package io.quiesce.workflow.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.CallbackReceiver;
import io.quiesce.testkit.Poll;
import io.quiesce.workflow.instance.InstanceStatus;
import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.instance.StartCommand;
import io.quiesce.workflow.telemetry.WorkflowTelemetry;
import io.quiesce.workflow.testing.Infra;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbox and its dispatchers against a real PostgreSQL and real loopback receivers: the delivery becomes due in the
 * transaction that ends the instance, two dispatchers never send one delivery twice, failures are retried with backoff up
 * to the bound, a stopping dispatcher releases what it still holds, and an abandoned claim passes to another dispatcher
 * when it expires.
 */
@ExtendWith(Infra.Extension.class)
class CallbackDispatcherIT {

    private static final String SECRET = CallbackReceiver.newSecret();
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private static DataSource db;
    private static InstanceStore instances;
    private static CallbackStore callbacks;

    private final List<CallbackDispatcher> dispatchers = new ArrayList<>();
    private final List<CallbackReceiver> receivers = new ArrayList<>();

    @BeforeAll
    static void database() {
        db = Infra.get().newMigratedDatabase("callbacks");
        instances = new InstanceStore(db);
        callbacks = new CallbackStore(db);
    }

    @AfterEach
    void stop() throws Exception {
        for (CallbackDispatcher dispatcher : dispatchers) {
            dispatcher.stopIntake();
            dispatcher.stop(Duration.ofSeconds(1));
        }
        receivers.forEach(CallbackReceiver::close);
    }

    private static CallbackConfig config(Map<String, String> overrides) {
        Map<String, String> values = CallbackConfigTest.defaults();
        values.put(CallbackConfig.SECRET, SECRET);
        values.put(CallbackConfig.ALLOWED_HOSTS, "127.0.0.1");
        values.put(CallbackConfig.POLL_INTERVAL, "100ms");
        values.put(CallbackConfig.BACKOFF, "100ms");
        values.put(CallbackConfig.MAX_BACKOFF, "400ms");
        values.put(CallbackConfig.CONNECT_TIMEOUT, "1s");
        values.put(CallbackConfig.READ_TIMEOUT, "500ms");
        values.put(CallbackConfig.LEASE, "3s");
        values.putAll(overrides);
        return CallbackConfigTest.read(values);
    }

    private CallbackDispatcher dispatcher(String name, Map<String, String> overrides) {
        CallbackDispatcher dispatcher = new CallbackDispatcher(
                config(overrides),
                Infra.get().config("callbacks", name, Map.of()),
                db,
                new PoolExecutor(),
                () -> true,
                WorkflowTelemetry.off(),
                Infra.log("test.callbacks." + name));
        dispatcher.start(() -> {});
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    private CallbackReceiver receiver() throws Exception {
        CallbackReceiver receiver = CallbackReceiver.start(SECRET);
        receivers.add(receiver);
        return receiver;
    }

    /** An instance that asked for a callback to {@code url}, still running. */
    private static String instance(String url) {
        String id = UUID.randomUUID().toString();
        assertThat(instances.insertIfAbsent(
                        id,
                        StartCommand.of("report", "{}"),
                        "{\"steps\":1}",
                        "1.0.0",
                        CallbackTarget.parse(url, config(Map.of()))))
                .isTrue();
        return id;
    }

    private static void complete(String id) {
        assertThat(instances.finish(id, InstanceStatus.COMPLETED, "{\"steps\":1}", null))
                .isTrue();
    }

    private static CallbackStatus status(String id) {
        return callbacks.status(id).orElseThrow();
    }

    private static CallbackStatus awaitState(String id, CallbackStatus.State state) {
        return Poll.require(
                id + " " + state,
                WITHIN,
                Duration.ofMillis(50),
                () -> Optional.of(status(id)).filter(s -> s.state() == state));
    }

    @Test
    void theDeliveryBecomesDueWhenTheInstanceEndsWhicheverCodeEndsIt() throws SQLException {
        String ended = instance("http://127.0.0.1:9/a");
        String running = instance("http://127.0.0.1:9/b");
        String failedStart = instance("http://127.0.0.1:9/c");

        assertThat(status(ended).state()).isEqualTo(CallbackStatus.State.WAITING);
        // As a worker of the previous release would, knowing nothing of callbacks.
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE workflow_instance SET status = 'FAILED', error = 'x', finished_at = now() WHERE id = ?")) {
            ps.setString(1, ended);
            ps.executeUpdate();
        }
        instances.delete(failedStart);

        assertThat(status(ended).state()).isEqualTo(CallbackStatus.State.PENDING);
        assertThat(status(ended).nextAttempt()).isNotNull();
        assertThat(status(running).state()).isEqualTo(CallbackStatus.State.WAITING);
        assertThat(callbacks.status(failedStart)).isEmpty();
        assertThat(instances.finish(ended, InstanceStatus.COMPLETED, null, null))
                .isFalse();
    }

    @Test
    void aDeliveryIsSignedCarriesTheInstanceAndIsSentOnce() throws Exception {
        CallbackReceiver receiver = receiver();
        dispatcher("one", Map.of());
        String id = instance(receiver.url("/hook?token=t"));

        complete(id);

        CallbackStatus delivered = awaitState(id, CallbackStatus.State.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(delivered.lastError()).isNull();
        assertThat(delivered.deliveredAt()).isNotNull();
        assertThat(receiver.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.signatureValid()).isTrue();
            assertThat(d.instanceId()).isEqualTo(id);
            assertThat(d.deliveryId()).isEqualTo(delivered.deliveryId());
            assertThat(d.type()).isEqualTo("instance.completed");
        });
    }

    @Test
    void twoDispatchersDeliverEachOfManyExactlyOnce() throws Exception {
        CallbackReceiver receiver = receiver().answering(200, Duration.ofMillis(50));
        dispatcher("a", Map.of(CallbackConfig.MAX_CONCURRENT, "3"));
        dispatcher("b", Map.of(CallbackConfig.MAX_CONCURRENT, "3"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(instance(receiver.url("/many")));
        }

        ids.forEach(CallbackDispatcherIT::complete);

        ids.forEach(id -> awaitState(id, CallbackStatus.State.DELIVERED));
        assertThat(receiver.countsByInstance())
                .hasSize(30)
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(leaseOwners("/many")).as("delivered rows hold no lease").containsOnlyNulls();
    }

    @Test
    void aReceiverThatIsDownForAWhileGetsTheDeliveryWhenItComesBack() throws Exception {
        int port = Infra.freePort();
        dispatcher("retry", Map.of());
        String id = instance("http://127.0.0.1:" + port + "/later");

        complete(id);
        CallbackStatus failing = Poll.require(
                "attempts against the closed port",
                WITHIN,
                Duration.ofMillis(50),
                () -> Optional.of(status(id)).filter(s -> s.attempts() >= 2));
        CallbackReceiver receiver = CallbackReceiver.start(port, SECRET);
        receivers.add(receiver);

        CallbackStatus delivered = awaitState(id, CallbackStatus.State.DELIVERED);
        assertThat(failing.state()).isEqualTo(CallbackStatus.State.PENDING);
        assertThat(failing.lastError()).isEqualTo("the receiver refused the connection");
        assertThat(delivered.attempts()).isGreaterThan(failing.attempts());
        assertThat(receiver.countsByInstance()).containsEntry(id, 1);
    }

    @Test
    void aReceiverThatNeverAnswersEndsFailedAfterTheLastAttempt() throws Exception {
        CallbackReceiver receiver = receiver().hanging();
        dispatcher("never", Map.of(CallbackConfig.MAX_ATTEMPTS, "3"));
        String id = instance(receiver.url("/never"));

        complete(id);

        CallbackStatus failed = awaitState(id, CallbackStatus.State.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.lastError()).isEqualTo("no answer within 500 ms");
        assertThat(receiver.countsByInstance()).containsEntry(id, 3);
    }

    @Test
    void aRedirectIsNotFollowedAndAnErrorStatusIsRetried() throws Exception {
        CallbackReceiver receiver = receiver().answering(302, Duration.ZERO);
        dispatcher("redirect", Map.of(CallbackConfig.MAX_ATTEMPTS, "2"));
        String id = instance(receiver.url("/moved"));

        complete(id);

        CallbackStatus failed = awaitState(id, CallbackStatus.State.FAILED);
        assertThat(failed.attempts()).isEqualTo(2);
        assertThat(failed.lastError()).isEqualTo("the receiver answered 302 (redirects are not followed)");
    }

    @Test
    void aStoppingDispatcherReleasesWhatItStillSendsAndAnotherDeliversIt() throws Exception {
        CallbackReceiver receiver = receiver().hanging();
        CallbackDispatcher stopping = dispatcher("stopping", Map.of(CallbackConfig.READ_TIMEOUT, "1500ms"));
        String id = instance(receiver.url("/slow"));
        complete(id);
        Poll.untilTrue("the delivery in flight", WITHIN, () -> receiver.inProgress() == 1);

        stopping.stopIntake();
        Map<String, Long> report = stopping.stop(Duration.ofMillis(500));
        receiver.answering(200, Duration.ZERO);
        dispatcher("taking-over", Map.of());

        assertThat(report).containsEntry("deliveries_in_flight_at_stop", 1L).containsEntry("deliveries_released", 1L);
        CallbackStatus delivered = awaitState(id, CallbackStatus.State.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(2);
        assertThat(receiver.countsByInstance()).containsEntry(id, 2);
    }

    @Test
    void aClaimLeftByADeadServerExpiresAndAnotherDeliversIt() throws Exception {
        CallbackReceiver receiver = receiver();
        String id = instance(receiver.url("/orphan"));
        complete(id);
        // A server that claimed it and died before sending.
        assertThat(callbacks.claim("dead-server/1", 10, Duration.ofSeconds(2)))
                .extracting(CallbackStore.Claim::instanceId)
                .contains(id);
        long claimed = System.nanoTime();

        dispatcher("survivor", Map.of());

        awaitState(id, CallbackStatus.State.DELIVERED);
        assertThat(Duration.ofNanos(System.nanoTime() - claimed)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(receiver.countsByInstance()).containsEntry(id, 1);
        assertThat(callbacks.beginAttempt(id, "dead-server/1")).isZero();
    }

    private static List<String> leaseOwners(String path) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT lease_owner FROM instance_callback WHERE url LIKE ?")) {
            ps.setString(1, "%" + path);
            List<String> owners = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owners.add(rs.getString(1));
                }
            }
            return owners;
        }
    }
}
