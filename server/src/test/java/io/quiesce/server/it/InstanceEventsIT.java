package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Stats;
import io.quiesce.testkit.sse.SseConnection;
import io.quiesce.testkit.sse.SseItem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code GET /api/instances/{id}/events} on two packaged servers sharing one database and Temporal frontend: history and
 * live events, resuming on the other server with Last-Event-ID, bad ids, roles, the per-server limit, and (last, since it
 * stops server a) the drain ending a stream with a retry hint instead of waiting for it or cutting it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceEventsIT {

    private static final Logger LOG = Logger.getLogger(InstanceEventsIT.class.getName());
    private static final Duration READ = Duration.ofSeconds(30);
    private static final Duration DELAY = Duration.ofSeconds(3);
    private static final int LIMIT_ON_B = 2;

    private final Fleet fleet = new Fleet();
    private final String viewer = Tokens.viewer();
    private LibertyServer a;
    private LibertyServer b;

    @BeforeAll
    void startTwoServers() throws IOException {
        a = fleet.start("events-a", Map.of("QUIESCE_SHUTDOWN_DELAY", DELAY.toSeconds() + "s"));
        b = fleet.start(
                "events-b",
                Map.of("QUIESCE_STREAMS_MAX_OPEN", Integer.toString(LIMIT_ON_B), "QUIESCE_STREAMS_HEARTBEAT", "1s"));
        Fleet.awaitReady(a);
        Fleet.awaitReady(b);
    }

    @AfterAll
    void stopServers() throws InterruptedException {
        fleet.close();
    }

    private String start(LibertyServer server, int steps, int stepMillis) {
        HttpResponse response = new Api(server.httpPort(), "/")
                .post(
                        "api/instances",
                        Tokens.operator(),
                        "{\"type\":\"report\",\"input\":{\"steps\":" + steps + ",\"stepMillis\":" + stepMillis + "}}");
        assertThat(response.status()).as(response.bodyText()).isEqualTo(202);
        return Api.json(response).getString("id");
    }

    private SseConnection open(LibertyServer server, String id, String token, String lastEventId) throws IOException {
        return SseConnection.open(
                "127.0.0.1",
                server.httpPort(),
                "/api/instances/" + id + "/events",
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token),
                lastEventId,
                READ);
    }

    /** An event and the wall-clock time it was read (its data's {@code at} is the database's clock at the write). */
    private record Received(SseItem.Event event, Instant readAt) {
        int id() {
            return Integer.parseInt(event.id());
        }

        JsonObject data() {
            try (var reader = Json.createReader(new StringReader(event.data()))) {
                return reader.readObject();
            }
        }

        double latencyMillis() {
            return Duration.between(Instant.parse(data().getString("at")), readAt)
                            .toNanos()
                    / 1e6;
        }
    }

    /** What one connection delivered until {@code stopAfterId} (or the end of the stream). */
    private record Read(List<Received> events, List<SseItem> all, boolean ended, Instant endedAt) {
        List<Integer> ids() {
            return events.stream().map(Received::id).toList();
        }

        Optional<Long> lastRetry() {
            return all.stream()
                    .filter(SseItem.Retry.class::isInstance)
                    .map(i -> ((SseItem.Retry) i).millis())
                    .reduce((first, second) -> second);
        }
    }

    private static Read read(SseConnection stream, int stopAfterId) throws IOException {
        List<Received> events = new ArrayList<>();
        List<SseItem> all = new ArrayList<>();
        for (SseItem item = stream.next(); ; item = stream.next()) {
            if (item == null) {
                return new Read(events, all, true, Instant.now());
            }
            all.add(item);
            // The draining server's last event carries its retry hint and no id: not an instance event.
            if (item instanceof SseItem.Event event && !event.name().equals("reconnect")) {
                events.add(new Received(event, Instant.now()));
                if (Integer.parseInt(event.id()) >= stopAfterId) {
                    return new Read(events, all, false, null);
                }
            }
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }

    private static JsonObject problem(SseConnection stream) throws IOException {
        assertThat(stream.header("content-type")).startsWith("application/problem+json");
        try (var reader = Json.createReader(new StringReader(stream.body()))) {
            return reader.readObject();
        }
    }

    @Test
    @Order(1)
    void theHistoryThenLiveEventsUntilTheInstanceEndsThenNothingMore() throws IOException {
        String id = start(a, 3, 1000);
        Read whole;
        try (SseConnection stream = open(a, id, viewer, null)) {
            assertThat(stream.isStream()).as("status %d", stream.status()).isTrue();
            assertThat(stream.header("connection"))
                    .as("a stream's end closes its connection")
                    .isEqualTo("close");
            whole = read(stream, Integer.MAX_VALUE);
        }

        assertThat(whole.ended()).isTrue();
        assertThat(whole.all().get(0)).isInstanceOf(SseItem.Comment.class);
        assertThat(whole.all().get(1)).isEqualTo(new SseItem.Retry(1000));
        assertThat(whole.ids()).containsExactlyElementsOf(range(1, 8));
        assertThat(whole.events().stream().map(r -> r.event().name()))
                .containsExactly(
                        "created",
                        "step-started",
                        "step-completed",
                        "step-started",
                        "step-completed",
                        "step-started",
                        "step-completed",
                        "finished");
        JsonObject started = whole.events().get(1).data();
        assertThat(started.getString("instanceId")).isEqualTo(id);
        assertThat(started.getInt("step")).isEqualTo(1);
        assertThat(started.getInt("attempt")).isEqualTo(1);
        assertThat(started.getString("worker")).contains("@");
        assertThat(whole.events().get(7).data().getString("status")).isEqualTo("COMPLETED");

        try (SseConnection done = open(b, id, viewer, "8")) {
            assertThat(done.status())
                    .as("nothing more will come: an EventSource stops")
                    .isEqualTo(204);
        }
        try (SseConnection rest = open(b, id, viewer, "5")) {
            Read tail = read(rest, Integer.MAX_VALUE);
            assertThat(tail.ids()).containsExactly(6, 7, 8);
            assertThat(tail.ended()).isTrue();
        }
    }

    @Test
    @Order(2)
    void aClientResumesOnTheOtherServerWithExactlyTheEventsAfterItsLastId() throws IOException {
        String id = start(a, 6, 1000);
        Read first;
        try (SseConnection stream = open(a, id, viewer, null)) {
            first = read(stream, 3);
        }
        Read second;
        try (SseConnection stream =
                open(b, id, viewer, Integer.toString(first.ids().get(first.ids().size() - 1)))) {
            assertThat(stream.isStream()).isTrue();
            second = read(stream, Integer.MAX_VALUE);
        }

        List<Integer> ids = new ArrayList<>(first.ids());
        ids.addAll(second.ids());
        assertThat(ids).containsExactlyElementsOf(range(1, 14));
        assertThat(second.ended()).isTrue();
        // Events read live on server b (not the history read at the resume), and those of them server a wrote.
        List<Received> live =
                second.events().stream().filter(r -> r.latencyMillis() < 900).toList();
        List<Double> all = live.stream().map(Received::latencyMillis).toList();
        List<Double> fromA = live.stream()
                .filter(r -> r.data().getString("worker", "").startsWith(a.pid() + "@"))
                .map(Received::latencyMillis)
                .toList();
        LOG.info(() -> String.format(
                "event=it.events_cross_server live_events=%d commit_to_client_ms_p50=%.1f max=%.1f"
                        + " written_by_the_other_server=%d p50=%.1f max=%.1f",
                all.size(),
                Stats.percentile(all, 50),
                Stats.max(all),
                fromA.size(),
                Stats.percentile(fromA, 50),
                Stats.max(fromA)));
    }

    @Test
    @Order(3)
    void aBadLastEventIdIs400AndAnUnknownInstance404() throws IOException {
        String id = start(a, 1, 0);
        Poll.untilTrue(
                "the instance to finish",
                READ,
                () -> Api.json(new Api(a.httpPort(), "/").get("api/instances/" + id, viewer))
                        .getString("status")
                        .equals("COMPLETED"));
        for (String bad : List.of("abc", "-1", "5")) {
            try (SseConnection stream = open(a, id, viewer, bad)) {
                assertThat(stream.status()).as("Last-Event-ID %s", bad).isEqualTo(400);
                assertThat(problem(stream).getString("type")).isEqualTo("urn:quiesce:problem:invalid-last-event-id");
            }
        }
        try (SseConnection stream = open(a, "no-such-instance", viewer, null)) {
            assertThat(stream.status()).isEqualTo(404);
            assertThat(problem(stream).getString("type")).isEqualTo("urn:quiesce:problem:instance-not-found");
        }
    }

    @Test
    @Order(4)
    void onlyAViewerOrAnOperatorMayWatchAndTheOpenApiDocumentSaysHow() throws IOException {
        String id = start(a, 1, 0);
        try (SseConnection anonymous = open(a, id, null, null)) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
        try (SseConnection nobody = open(a, id, Tokens.withoutRoles(), null)) {
            assertThat(nobody.status()).isEqualTo(403);
        }
        try (SseConnection operator = open(a, id, Tokens.operator(), null)) {
            assertThat(operator.isStream()).isTrue();
        }
        // The OpenAPI document (anonymous) describes the stream, its header and its answers.
        String openapi = Http.get(a.httpPort(), "/openapi?format=json", Duration.ofSeconds(10))
                .bodyText();
        assertThat(openapi)
                .contains("/api/instances/{id}/events")
                .contains("text/event-stream")
                .contains("Last-Event-ID")
                .contains("\"204\"")
                .contains("\"503\"");
    }

    @Test
    @Order(5)
    void aServerHoldsAtMostItsLimitSendsHeartbeatsAndFreesAPlaceWhenAWatcherLeaves() throws IOException {
        String id = start(a, 10, 3000);
        List<SseConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT_ON_B; i++) {
                SseConnection stream = open(b, id, viewer, null);
                held.add(stream);
                assertThat(stream.isStream()).isTrue();
                read(stream, 1);
            }
            try (SseConnection refused = open(b, id, viewer, null)) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("retry-after")).isNotBlank();
                assertThat(problem(refused).getString("type")).isEqualTo("urn:quiesce:problem:too-many-streams");
            }
            SseItem item = held.get(1).next();
            while (!(item instanceof SseItem.Comment comment && comment.text().equals("heartbeat"))) {
                item = held.get(1).next();
            }
            held.remove(0).close();
            // The server notices the watcher left at its next heartbeat (1 s on b).
            SseConnection again = Poll.require("a place for a new watcher", READ, Duration.ofMillis(250), () -> {
                try {
                    SseConnection stream = open(b, id, viewer, null);
                    if (stream.isStream()) {
                        return Optional.of(stream);
                    }
                    stream.close();
                    return Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            held.add(again);
        } finally {
            held.forEach(SseConnection::close);
        }
    }

    @Test
    @Order(6)
    void theDrainEndsStreamsWithARetryHintAndTheirClientsResumeOnTheOtherServer() throws Exception {
        String id = start(b, 8, 1500);
        SseConnection live = open(a, id, viewer, null);
        Read beforeSignal = read(live, 2);

        long sigterm = System.nanoTime();
        a.sigterm();
        Poll.untilTrue(
                "readiness DOWN on a",
                Duration.ofSeconds(5),
                () -> Http.tryGet(a.httpPort(), "/health/ready", Duration.ofSeconds(2))
                        .filter(r -> r.status() == 503)
                        .isPresent());
        // Opened after the signal, during the delay: its history, then at once the end and a hint.
        Read late;
        long lateOpened = System.nanoTime();
        try (SseConnection stream = open(a, id, viewer, null)) {
            assertThat(stream.isStream()).isTrue();
            late = read(stream, Integer.MAX_VALUE);
        }
        Duration lateTook = Duration.ofNanos(System.nanoTime() - lateOpened);

        Read untilDrain = read(live, Integer.MAX_VALUE);
        live.close();
        Duration endedAfter = Duration.ofNanos(System.nanoTime() - sigterm);
        String resumeFrom = untilDrain.events().isEmpty()
                ? beforeSignal
                        .events()
                        .get(beforeSignal.events().size() - 1)
                        .event()
                        .id()
                : untilDrain
                        .events()
                        .get(untilDrain.events().size() - 1)
                        .event()
                        .id();
        Read resumed;
        try (SseConnection stream = open(b, id, viewer, resumeFrom)) {
            resumed = read(stream, Integer.MAX_VALUE);
        }
        Optional<Integer> exit = a.awaitExit(Duration.ofSeconds(60));

        List<Integer> ids = new ArrayList<>(beforeSignal.ids());
        ids.addAll(untilDrain.ids());
        ids.addAll(resumed.ids());
        LOG.info(() -> String.format(
                "event=it.events_drain stream_ended_after_ms=%d late_stream_ms=%d retry_hint_ms=%s events=%d",
                endedAfter.toMillis(),
                lateTook.toMillis(),
                untilDrain.lastRetry().orElse(-1L),
                ids.size()));
        assertThat(late.ended()).isTrue();
        assertThat(late.ids()).as("the late stream's history").isNotEmpty().startsWith(1);
        assertThat(late.lastRetry()).as("the late stream's hint").isPresent();
        assertThat(lateTook).as("a stream opened after the signal ends at once").isLessThan(DELAY);
        assertThat(untilDrain.ended()).as("ended cleanly, not cut").isTrue();
        assertThat(untilDrain.lastRetry())
                .hasValueSatisfying(hint -> assertThat(hint).isBetween(1000L, 1999L));
        assertThat(endedAfter)
                .as("the live stream ends when the HTTP drain starts, after the delay")
                .isGreaterThanOrEqualTo(DELAY.minusMillis(300))
                .isLessThan(DELAY.plusSeconds(3));
        assertThat(ids).as("no event missed or repeated").containsExactlyElementsOf(range(1, 18));
        assertThat(exit).contains(0);
        String log = Files.readString(a.messagesLog());
        Matcher drain = Pattern.compile("event=shutdown.phase phase=http-drain .*?duration_ms=(\\d+) .*")
                .matcher(log);
        assertThat(drain.find()).as(log).isTrue();
        assertThat(drain.group())
                .contains("streams_ended=1")
                .contains("streams_ended_on_join=1")
                .contains("streams_left=0")
                .contains("outcome=COMPLETED");
        assertThat(Long.parseLong(drain.group(1)))
                .as("the drain does not wait for streams")
                .isLessThan(2000);
    }
}
