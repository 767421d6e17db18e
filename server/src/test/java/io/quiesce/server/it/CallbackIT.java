package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.CallbackReceiver;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Completion callbacks end to end on three packaged servers sharing one database, with loopback receivers that check
 * every signature: bad and disallowed URLs are refused with nothing written; a receiver that is down for a while gets
 * the delivery once it is up; one that never answers ends FAILED after the last attempt, visible on the instance; SIGTERM
 * with deliveries running and queued loses none (the stopping server finishes what it sends, the others take the rest);
 * and a delivery cut off by SIGKILL is sent again by another server once its claim has expired. The servers are shared
 * by the cases, which run in order: the stop cases come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallbackIT {

    private static final Logger LOG = Logger.getLogger(CallbackIT.class.getName());
    private static final String SECRET = CallbackReceiver.newSecret();
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final Fleet FLEET = new Fleet();
    private static final List<CallbackReceiver> RECEIVERS = new ArrayList<>();

    private static LibertyServer a;
    private static LibertyServer b;
    private static LibertyServer c;

    @BeforeAll
    static void servers() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("QUIESCE_CALLBACKS_SECRET", SECRET);
        env.put("QUIESCE_CALLBACKS_ALLOWED_HOSTS", "127.0.0.1,localhost");
        env.put("QUIESCE_CALLBACKS_POLL_INTERVAL", "200ms");
        env.put("QUIESCE_CALLBACKS_CONNECT_TIMEOUT", "1s");
        env.put("QUIESCE_CALLBACKS_READ_TIMEOUT", "3s");
        env.put("QUIESCE_CALLBACKS_BACKOFF", "500ms");
        env.put("QUIESCE_CALLBACKS_MAX_BACKOFF", "1s");
        env.put("QUIESCE_CALLBACKS_MAX_ATTEMPTS", "4");
        env.put("QUIESCE_CALLBACKS_LEASE", "6s");
        env.put("QUIESCE_CALLBACKS_MAX_CONCURRENT", "2");
        env.put("QUIESCE_SHUTDOWN_DELAY", "1s");
        a = FLEET.start("callbacks-a", env);
        b = FLEET.start("callbacks-b", env);
        c = FLEET.start("callbacks-c", env);
        Fleet.awaitReady(a);
        Fleet.awaitReady(b);
        Fleet.awaitReady(c);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        FLEET.close();
        RECEIVERS.forEach(CallbackReceiver::close);
    }

    private static CallbackReceiver receiver(int port) throws IOException {
        CallbackReceiver receiver = CallbackReceiver.start(port, SECRET);
        RECEIVERS.add(receiver);
        return receiver;
    }

    private static HttpResponse start(LibertyServer server, String key, String callback) {
        return new Api(server.httpPort(), "/")
                .send(
                        "POST",
                        "api/instances",
                        Tokens.operator(),
                        Map.of("Idempotency-Key", key),
                        "application/json",
                        "{\"type\":\"report\",\"input\":{\"steps\":1,\"stepMillis\":0},\"callback\":" + callback + "}");
    }

    /** A short instance that asks for a callback to {@code url}; returns its id. */
    private static String startWithCallback(LibertyServer server, String url) {
        HttpResponse response = start(server, "callback-" + UUID.randomUUID(), "{\"url\":\"" + url + "\"}");
        assertThat(response.status()).as(response.bodyText()).isEqualTo(202);
        JsonObject instance = Api.json(response);
        assertThat(instance.getJsonObject("callback").getString("state")).isIn("WAITING", "PENDING");
        return instance.getString("id");
    }

    private static JsonObject callback(LibertyServer server, String id) {
        HttpResponse response = new Api(server.httpPort(), "/").get("api/instances/" + id, Tokens.viewer());
        assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
        return Api.json(response).getJsonObject("callback");
    }

    private static JsonObject awaitCallback(LibertyServer server, String id, String state) {
        return Poll.require(
                "callback of " + id + " " + state,
                WITHIN,
                Duration.ofMillis(200),
                () -> Optional.of(callback(server, id))
                        .filter(cb -> cb.getString("state").equals(state)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"url\":\"https://hooks.elsewhere.example/x\"}|callback.url|names a host that callbacks may not go to",
                "{\"url\":\"http://hooks.example.com/x\"}|callback.url|must be an https URL",
                "{\"url\":\"http://127.0.0.1:1/x#frag\"}|callback.url|must not contain a fragment",
                "{\"url\":\"https://user:pw@localhost/x\"}|callback.url|must not contain credentials",
                "{\"url\":\"not a url\"}|callback.url|must be an absolute URL",
                "{\"url\":42}|callback.url|must be a string",
                "{}|callback.url|is required",
                "{\"url\":\"http://127.0.0.1:1/x\",\"secret\":\"s\"}|callback.secret|is not a property of a callback",
                "\"http://127.0.0.1:1/x\"|callback|must be a JSON object with a url"
            })
    void aBadOrDisallowedCallbackIsRefusedAndNothingIsWritten(String callback, String field, String message) {
        String key = "bad-callback-" + UUID.randomUUID();
        long callbacksBefore = Database.count("select count(*) from instance_callback");

        HttpResponse response = start(a, key, callback);

        assertThat(response.status()).as(response.bodyText()).isEqualTo(400);
        JsonObject problem = Api.json(response);
        assertThat(problem.getString("type")).isEqualTo("urn:quiesce:problem:invalid-request");
        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field"))
                .isEqualTo(field);
        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("message"))
                .contains(message);
        assertThat(Database.count("select count(*) from workflow_instance where idempotency_key = ?", key))
                .isZero();
        assertThat(Database.count("select count(*) from instance_callback")).isEqualTo(callbacksBefore);
    }

    @Order(2)
    @Test
    void aReceiverThatIsDownForAWhileGetsTheDeliveryOnceItIsUp() throws IOException {
        int port = freePort();
        String id = startWithCallback(a, "http://127.0.0.1:" + port + "/later?token=abc");

        JsonObject failing = Poll.require(
                "failed attempts while the receiver is down",
                WITHIN,
                Duration.ofMillis(200),
                () -> Optional.of(callback(a, id)).filter(cb -> cb.getInt("attempts") >= 2));
        CallbackReceiver receiver = receiver(port);
        JsonObject delivered = awaitCallback(a, id, "DELIVERED");

        assertThat(failing.getString("state")).isEqualTo("PENDING");
        assertThat(failing.getString("lastError")).isEqualTo("the receiver refused the connection");
        // The attempt counted when the snapshot was read may be the one that succeeded.
        assertThat(delivered.getInt("attempts")).isGreaterThanOrEqualTo(failing.getInt("attempts"));
        assertThat(delivered.containsKey("lastError")).isFalse();
        assertThat(receiver.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.signatureValid()).isTrue();
            assertThat(d.instanceId()).isEqualTo(id);
            assertThat(d.deliveryId()).isEqualTo(delivered.getString("deliveryId"));
        });
    }

    @Order(3)
    @Test
    void aReceiverThatNeverAnswersEndsFailedAfterTheLastAttempt() throws IOException {
        CallbackReceiver receiver = receiver(0).hanging();
        String id = startWithCallback(b, receiver.url("/never"));

        JsonObject failed = awaitCallback(b, id, "FAILED");

        assertThat(failed.getInt("attempts")).isEqualTo(4);
        assertThat(failed.getString("lastError")).isEqualTo("no answer within 3 s");
        assertThat(receiver.countsByInstance()).containsEntry(id, 4);
    }

    @Order(4)
    @Test
    void sigtermWithDeliveriesRunningAndQueuedLosesNone() throws Exception {
        CallbackReceiver receiver = receiver(0).answering(200, Duration.ofMillis(1500));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ids.add(startWithCallback(i % 2 == 0 ? b : c, receiver.url("/sigterm")));
        }
        Poll.untilTrue(
                "server a sending deliveries while others are due",
                WITHIN,
                () -> held(a) >= 1 && pending(ids) > held(a));
        long heldByA = held(a);
        long queued = pending(ids);

        a.sigterm();
        Optional<Integer> exit = a.awaitExit(Duration.ofSeconds(60));
        ids.forEach(id -> awaitCallback(b, id, "DELIVERED"));

        String log = Files.readString(a.messagesLog());
        Matcher callbacks =
                Pattern.compile("event=shutdown.phase phase=callbacks .*").matcher(log);
        Matcher async = Pattern.compile("event=shutdown.phase phase=async .*").matcher(log);
        assertThat(callbacks.find()).as("the callbacks phase:%n%s", log).isTrue();
        assertThat(async.find()).as("the async phase:%n%s", log).isTrue();
        LOG.info(() -> "event=it.callbacks_sigterm held_by_a=" + heldByA + " due=" + queued + " | " + callbacks.group()
                + " | " + async.group());
        assertThat(exit).as("exit code of the stopped server").contains(0);
        assertThat(receiver.countsByInstance())
                .as("deliveries per instance")
                .hasSize(ids.size())
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(receiver.deliveries())
                .allSatisfy(d -> assertThat(d.signatureValid()).isTrue());
        assertThat(callbacks.group()).contains("outcome=COMPLETED").contains("deliveries_released=0");
        Matcher inFlight =
                Pattern.compile("deliveries_in_flight_at_signal=(\\d+)").matcher(callbacks.group());
        assertThat(inFlight.find()).isTrue();
        assertThat(Integer.parseInt(inFlight.group(1)))
                .as("deliveries a was sending at SIGTERM")
                .isPositive();
        assertThat(async.group()).contains("tasks_abandoned=0");
        assertThat(log).containsPattern("event=callbacks.attempt .*outcome=delivered");
    }

    @Order(5)
    @Test
    void aDeliveryCutOffBySigkillIsSentAgainByAnotherServer() throws Exception {
        CallbackReceiver receiver = receiver(0).hanging();
        String id = startWithCallback(b, receiver.url("/sigkill"));
        Poll.untilTrue("the delivery held by the receiver", WITHIN, () -> receiver.inProgress() == 1);
        LibertyServer holder = held(b) == 1 ? b : c;
        LibertyServer survivor = holder == b ? c : b;
        assertThat(held(holder)).as("lease held by the server sending it").isEqualTo(1);

        holder.sigkill();
        assertThat(holder.awaitExit(Duration.ofSeconds(30))).isPresent();
        receiver.answering(200, Duration.ZERO);
        long killed = System.nanoTime();
        JsonObject delivered = awaitCallback(survivor, id, "DELIVERED");

        LOG.info(() -> "event=it.callbacks_sigkill kill_to_delivered_ms="
                + Duration.ofNanos(System.nanoTime() - killed).toMillis());
        assertThat(delivered.getInt("attempts")).isEqualTo(2);
        assertThat(receiver.countsByInstance()).containsEntry(id, 2);
        assertThat(receiver.deliveries())
                .extracting(CallbackReceiver.Delivery::deliveryId)
                .containsOnly(delivered.getString("deliveryId"));
    }

    /** Deliveries whose lease the server holds (its owner id starts with its worker identity, pid@host). */
    private static long held(LibertyServer server) {
        return Database.count(
                "select count(*) from instance_callback where lease_owner like ? and lease_until > now()",
                server.pid() + "@%");
    }

    private static long pending(List<String> ids) {
        return Database.count(
                "select count(*) from instance_callback where state = 'PENDING' and instance_id = any (?)",
                (Object) ids.toArray(String[]::new));
    }
}
