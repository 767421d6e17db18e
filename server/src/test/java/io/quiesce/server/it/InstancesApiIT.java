package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.Poll;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The instances API on a real Liberty server with the dev services' PostgreSQL and Temporal frontend. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InstancesApiIT {

    private static final Duration COMPLETION = Duration.ofSeconds(90);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.quiesce("instances");
    }

    @ArquillianResource
    URL base;

    private Api api;
    private final String operator = Tokens.operator();

    @BeforeEach
    void awaitStarted() {
        api = new Api(base);
        Http.awaitStatus(base.getPort(), "/health/started", 200, Duration.ofSeconds(180));
    }

    private JsonObject start(String input) {
        HttpResponse response = api.post("api/instances", operator, "{\"type\":\"report\",\"input\":" + input + "}");
        assertThat(response.status()).as(response.bodyText()).isEqualTo(202);
        return Api.json(response);
    }

    private JsonObject awaitStatus(String id, String status) {
        return Poll.require(id + " to be " + status, COMPLETION, Duration.ofMillis(200), () -> {
            JsonObject instance = Api.json(api.get("api/instances/" + id, operator));
            return Optional.of(instance).filter(i -> i.getString("status").equals(status));
        });
    }

    @Test
    void startsAReportAndRecordsEveryStepOnce() {
        HttpResponse response =
                api.post("api/instances", operator, "{\"type\":\"report\",\"input\":{\"steps\":3,\"stepMillis\":200}}");
        assertThat(response.status()).isEqualTo(202);
        JsonObject started = Api.json(response);
        String id = started.getString("id");
        assertThat(response.header("location")).endsWith("/api/instances/" + id);
        assertThat(started.getString("status")).isEqualTo("RUNNING");

        JsonObject done = awaitStatus(id, "COMPLETED");
        String codeVersion = done.getString("codeVersion");
        assertThat(codeVersion).as("the build's version").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(done.getJsonArray("steps")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonObject step = done.getJsonArray("steps").getJsonObject(i);
            assertThat(step.getInt("step")).isEqualTo(i + 1);
            assertThat(step.getString("codeVersion")).isEqualTo(codeVersion);
            assertThat(Instant.parse(step.getString("startedAt")))
                    .isBeforeOrEqualTo(Instant.parse(step.getString("completedAt")));
        }
        assertThat(done.containsKey("result")).isTrue();
        assertThat(done.getString("finishedAt")).isNotBlank();
        assertThat(Database.steps(id)).isEqualTo(3);
        assertThat(done.getJsonObject("result").getJsonObject("summary").getJsonArray("codeVersions"))
                .extracting(v -> ((JsonString) v).getString())
                .containsExactly(codeVersion);
        assertThat(Api.json(api.get("api/instances?limit=200&codeVersion=" + codeVersion, Tokens.viewer()))
                        .getJsonArray("items")
                        .getValuesAs(JsonObject.class))
                .extracting(i -> i.getString("id"))
                .contains(id);
        assertThat(Api.json(api.get("api/instances?codeVersion=0.0.0-never", Tokens.viewer()))
                        .getJsonArray("items"))
                .isEmpty();
    }

    @Test
    void theSameIdempotencyKeyReturnsTheOriginalInstanceAndRejectsADifferentBody() {
        String key = "it-" + UUID.randomUUID();
        HttpResponse first = api.send(
                "POST",
                "api/instances",
                operator,
                Map.of("Idempotency-Key", key),
                "application/json",
                "{\"type\":\"report\",\"input\":{\"steps\":1,\"stepMillis\":0}}");
        HttpResponse retry = api.send(
                "POST",
                "api/instances",
                operator,
                Map.of("Idempotency-Key", key),
                "application/json",
                "{ \"input\": {\"stepMillis\":0, \"steps\":1}, \"type\": \"report\" }");
        HttpResponse different = api.send(
                "POST",
                "api/instances",
                operator,
                Map.of("Idempotency-Key", key),
                "application/json",
                "{\"type\":\"report\",\"input\":{\"steps\":2,\"stepMillis\":0}}");

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(Api.json(retry).getString("id")).isEqualTo(Api.json(first).getString("id"));
        assertThat(retry.header("idempotent-replayed")).isEqualTo("true");
        assertThat(first.header("idempotent-replayed")).isNull();
        assertThat(different.status()).isEqualTo(422);
        assertThat(Api.json(different).getString("type")).isEqualTo("urn:quiesce:problem:idempotency-key-reused");
        assertThat(Database.count("select count(*) from workflow_instance where idempotency_key = ?", key))
                .isEqualTo(1);
    }

    @Test
    void twentyConcurrentDuplicatesStartExactlyOneInstance() throws Exception {
        String key = "it-concurrent-" + UUID.randomUUID();
        String body = "{\"type\":\"report\",\"input\":{\"steps\":2,\"stepMillis\":100}}";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                responses.add(pool.submit(() -> {
                    go.await();
                    return api.send(
                            "POST",
                            "api/instances",
                            operator,
                            Map.of("Idempotency-Key", key),
                            "application/json",
                            body);
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<HttpResponse> response : responses) {
                HttpResponse r = response.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.bodyText()).isEqualTo(202);
                ids.add(Api.json(r).getString("id"));
            }
            assertThat(ids).hasSize(1);
            assertThat(Database.count("select count(*) from workflow_instance where idempotency_key = ?", key))
                    .isEqualTo(1);
            String id = ids.iterator().next();
            awaitStatus(id, "COMPLETED");
            assertThat(Database.steps(id)).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsNewestFirstWithFiltersAndACursor() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(start("{\"steps\":1,\"stepMillis\":0}").getString("id"));
        }
        created.forEach(id -> awaitStatus(id, "COMPLETED"));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        Instant previous = Instant.MAX;
        do {
            HttpResponse page = api.get(
                    "api/instances?type=report&status=COMPLETED&limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    Tokens.viewer());
            assertThat(page.status()).as(page.bodyText()).isEqualTo(200);
            JsonObject body = Api.json(page);
            assertThat(body.getJsonArray("items").size()).isBetween(0, 2);
            for (JsonObject item : body.getJsonArray("items").getValuesAs(JsonObject.class)) {
                assertThat(item.getString("status")).isEqualTo("COMPLETED");
                Instant createdAt = Instant.parse(item.getString("createdAt"));
                assertThat(createdAt).isBeforeOrEqualTo(previous);
                previous = createdAt;
                seen.add(item.getString("id"));
            }
            cursor = body.containsKey("nextCursor") && !body.isNull("nextCursor") ? body.getString("nextCursor") : null;
        } while (cursor != null && seen.size() < 10_000);

        assertThat(seen).doesNotHaveDuplicates().containsAll(created);
    }

    @Test
    void cancelIsIdempotentAndRefusedOnceFinished() {
        String running = start("{\"steps\":5,\"stepMillis\":60000}").getString("id");
        HttpResponse cancel = api.post("api/instances/" + running + "/cancel", operator, null);
        assertThat(cancel.status()).as(cancel.bodyText()).isEqualTo(202);
        awaitStatus(running, "CANCELLED");
        assertThat(api.post("api/instances/" + running + "/cancel", operator, null)
                        .status())
                .isEqualTo(202);

        String finished = start("{\"steps\":1,\"stepMillis\":0}").getString("id");
        awaitStatus(finished, "COMPLETED");
        HttpResponse refused = api.post("api/instances/" + finished + "/cancel", operator, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(Api.json(refused).getString("type")).isEqualTo("urn:quiesce:problem:instance-finished");
    }
}
