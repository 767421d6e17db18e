package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every kind of bad input to the schedules API: a clear 4xx problem document naming the offending field, and no schedule
 * stored. A stored schedule would keep firing in every later test, so the count of Quartz jobs is checked, and the one
 * schedule this test needs (to reuse its Idempotency-Key) is deleted again.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScheduleBadInputIT {

    private static final String SCHEDULES = "api/schedules";
    private static final String JSON = "application/json";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** 03:00 UTC on 1 January: never during a build. */
    private static final String YEARLY = "0 0 3 1 1 ?";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.quiesce("schedule-bad-input");
    }

    @ArquillianResource
    URL base;

    /** {@code field} is the one {@code errors[].field} expected, or null when the problem names none. */
    record Case(
            String method,
            String path,
            boolean viewer,
            Map<String, String> headers,
            String contentType,
            String body,
            int status,
            String type,
            String field) {

        static Case post(String body, int status, String type, String field) {
            return new Case("POST", SCHEDULES, false, Map.of(), JSON, body, status, type, field);
        }

        static Case call(String method, String path, int status, String type, String field) {
            return new Case(method, path, false, Map.of(), null, null, status, type, field);
        }

        Case withHeader(String name, String value) {
            return new Case(method, path, viewer, Map.of(name, value), contentType, body, status, type, field);
        }

        Case asViewer() {
            return new Case(method, path, true, headers, contentType, body, status, type, field);
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 80 ? body.substring(0, 80) + "..." : body);
            return (viewer ? "viewer " : "") + method + " " + path + " " + headers.keySet() + shown;
        }
    }

    private static long schedules() {
        return Database.count("select count(*) from qrtz_job_details where job_group = 'schedule'");
    }

    private static List<String> fields(HttpResponse response) {
        try {
            JsonObject problem = Api.json(response);
            return problem.getJsonArray("errors") == null
                    ? List.of()
                    : problem.getJsonArray("errors").getValuesAs(JsonValue::asJsonObject).stream()
                            .map(error -> error.getString("field", null))
                            .toList();
        } catch (RuntimeException e) {
            return List.of("<body is not a problem document>");
        }
    }

    @Test
    void eachBadInputGetsItsProblemAndNothingIsStored() {
        Http.awaitStatus(base.getPort(), "/health/started", 200, Duration.ofSeconds(180));
        Api api = new Api(base);
        String operator = Tokens.operator();
        String viewer = Tokens.viewer();
        long initially = schedules();
        String key = "it-schedule-bad-input-" + UUID.randomUUID();
        HttpResponse created = api.send(
                "POST",
                SCHEDULES,
                operator,
                Map.of(IDEMPOTENCY_KEY, key),
                JSON,
                "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\",\"input\":{\"steps\":1,\"stepMillis\":0}}");
        assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
        String id = Api.json(created).getString("id");
        HttpResponse deleted;
        try {
            String valid = "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\"}";
            List<Case> cases = List.of(
                    Case.post("", 400, "malformed-json", null),
                    Case.post("{\"type\":\"report\",", 400, "malformed-json", null),
                    Case.post("[]", 400, "invalid-request", null),
                    Case.post(valid + valid, 400, "malformed-json", null),
                    Case.post(valid + " and more", 400, "malformed-json", null),
                    Case.post(
                            "{\"type\":\"report\",\"cron\":\"0 0 3 * * ?\",\"cron\":\"" + YEARLY + "\"}",
                            400,
                            "malformed-json",
                            null),
                    Case.post(
                            "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\",\"input\":" + "[".repeat(1000)
                                    + "]".repeat(1000) + "}",
                            400,
                            "malformed-json",
                            null),
                    // The raw client writes header lines as given: this sends Idempotency-Key twice.
                    Case.post(valid, 400, "invalid-request", null)
                            .withHeader(IDEMPOTENCY_KEY, "dup-1\r\nIdempotency-Key: dup-2"),
                    Case.post("{\"cron\":\"" + YEARLY + "\"}", 400, "invalid-request", "type"),
                    Case.post("{\"type\":\"report\"}", 400, "invalid-request", "cron"),
                    Case.post("{\"type\":\"report\",\"cron\":\" \"}", 400, "invalid-request", "cron"),
                    Case.post("{\"type\":\"report\",\"cron\":300}", 400, "invalid-request", "cron"),
                    Case.post("{\"type\":\"report\",\"cron\":\"not a cron\"}", 422, "invalid-schedule", "cron"),
                    Case.post("{\"type\":\"report\",\"cron\":\"*/5 * * * *\"}", 422, "invalid-schedule", "cron"),
                    Case.post("{\"type\":\"report\",\"cron\":\"0 0 0 1 1 ? 2020\"}", 422, "invalid-schedule", "cron"),
                    Case.post("{\"type\":\"report\",\"cron\":\"0/0 * * * * ?\"}", 422, "invalid-schedule", "cron"),
                    Case.post("{\"type\":\"report\",\"cron\":\"0 0 3 ? * 1#9\"}", 422, "invalid-schedule", "cron"),
                    Case.post("{\"type\":\"report\",\"cron\":\"0 0 3 * JAN- ?\"}", 422, "invalid-schedule", "cron"),
                    Case.post(
                            "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\",\"timeZone\":\"Mars/Olympus\"}",
                            422,
                            "invalid-schedule",
                            "timeZone"),
                    Case.post(
                            "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\",\"timeZone\":\"+02:00\"}",
                            422,
                            "invalid-schedule",
                            "timeZone"),
                    Case.post(
                            "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\",\"timeZone\":2}",
                            400,
                            "invalid-request",
                            "timeZone"),
                    Case.post(
                            "{\"type\":\"nightly-build\",\"cron\":\"" + YEARLY + "\"}",
                            422,
                            "unknown-workflow-type",
                            "type"),
                    Case.post(
                            "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\",\"input\":{\"steps\":0}}",
                            422,
                            "invalid-input",
                            "input.steps"),
                    Case.post(
                            "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\",\"input\":[1,2]}",
                            400,
                            "invalid-request",
                            "input"),
                    Case.post(
                            "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\",\"colour\":\"red\"}",
                            400,
                            "invalid-request",
                            "colour"),
                    Case.post(
                            "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\",\"misfirePolicy\":\"sometimes\"}",
                            400,
                            "invalid-request",
                            "misfirePolicy"),
                    new Case("POST", SCHEDULES, false, Map.of(), "text/plain", valid, 415, "http-415", null),
                    Case.post(
                                    "{\"type\":\"report\",\"cron\":\"0 0 4 1 1 ?\",\"input\":{\"steps\":1,\"stepMillis\":0}}",
                                    422,
                                    "idempotency-key-reused",
                                    null)
                            .withHeader(IDEMPOTENCY_KEY, key),
                    Case.post(valid, 400, "invalid-request", "idempotencyKey")
                            .withHeader(IDEMPOTENCY_KEY, "with space"),
                    Case.post(valid, 403, "forbidden", null).asViewer(),
                    Case.call("GET", SCHEDULES + "/no-such-schedule", 404, "schedule-not-found", null),
                    Case.call("POST", SCHEDULES + "/no-such-schedule/pause", 404, "schedule-not-found", null),
                    Case.call("POST", SCHEDULES + "/no-such-schedule/resume", 404, "schedule-not-found", null),
                    Case.call("DELETE", SCHEDULES + "/no-such-schedule", 404, "schedule-not-found", null),
                    Case.call("GET", SCHEDULES + "?limit=0", 400, "invalid-request", "limit"),
                    Case.call("GET", SCHEDULES + "?limit=201", 400, "invalid-request", "limit"),
                    Case.call("GET", SCHEDULES + "?limit=ten", 400, "invalid-request", "limit"),
                    Case.call("GET", SCHEDULES + "?cursor=%21%21", 400, "invalid-request", "cursor"),
                    Case.call("GET", SCHEDULES + "?cursor=bm90LWEtY3Vyc29y", 400, "invalid-cursor", "cursor"));

            long before = schedules();
            assertSoftly(softly -> {
                for (Case c : cases) {
                    HttpResponse response = api.send(
                            c.method(),
                            c.path(),
                            c.viewer() ? viewer : operator,
                            c.headers(),
                            c.contentType(),
                            c.body());
                    softly.assertThat(response.status())
                            .as(c + " status; body " + response.bodyText())
                            .isEqualTo(c.status());
                    softly.assertThat(response.header("content-type"))
                            .as(c + " content type")
                            .startsWith("application/problem+json");
                    softly.assertThat(response.bodyText())
                            .as(c + " names no Java internals")
                            .doesNotContain("Exception")
                            .doesNotContain("java.");
                    softly.assertThat(response.bodyText())
                            .as(c + " problem type")
                            .containsPattern("\"type\"\\s*:\\s*\"urn:quiesce:problem:" + c.type() + "\"");
                    if (c.field() != null) {
                        softly.assertThat(fields(response))
                                .as(c + " fields named; body " + response.bodyText())
                                .containsExactly(c.field());
                    }
                }
            });
            assertThat(schedules()).as("schedules stored by rejected requests").isEqualTo(before);
        } finally {
            deleted = api.send("DELETE", SCHEDULES + "/" + id, operator, Map.of(), null, null);
        }
        assertThat(deleted.status())
                .as("deleting the schedule created with key " + key)
                .isEqualTo(204);
        assertThat(schedules()).as("schedules left behind").isEqualTo(initially);
    }

    /** What Liberty's web container refuses before JAX-RS, on the schedules' paths: problems from the error page. */
    @Test
    void requestsTheContainerRefusesStoreNoSchedule() {
        Http.awaitStatus(base.getPort(), "/health/started", 200, Duration.ofSeconds(180));
        Api api = new Api(base);
        String operator = Tokens.operator();
        String body = "{\"type\":\"report\",\"cron\":\"" + YEARLY + "\"}";
        List<Case> cases = List.of(
                new Case("POST", SCHEDULES, false, Map.of(), ";;;=", body, 400, "invalid-request", null),
                new Case("POST", SCHEDULES, false, Map.of(), "/", body, 400, "invalid-request", null),
                new Case(
                        "POST",
                        SCHEDULES + "/..%2f..%2fpause",
                        false,
                        Map.of(),
                        null,
                        null,
                        400,
                        "invalid-request",
                        null),
                new Case("DELETE", SCHEDULES + "/%2e%2e", false, Map.of(), null, null, 400, "invalid-request", null),
                Case.call("GET", SCHEDULES + "/..%5c..%5c", 400, "invalid-request", null));
        long before = schedules();
        assertSoftly(softly -> {
            for (Case c : cases) {
                for (String bearer : new String[] {null, operator}) {
                    HttpResponse response =
                            api.send(c.method(), c.path(), bearer, c.headers(), c.contentType(), c.body());
                    String as = c + (bearer == null ? " without a token" : " as operator");
                    softly.assertThat(response.status())
                            .as(as + " status; body " + response.bodyText())
                            .isEqualTo(c.status());
                    softly.assertThat(response.header("content-type"))
                            .as(as + " content type")
                            .startsWith("application/problem+json");
                    softly.assertThat(response.bodyText())
                            .as(as + " names no internals")
                            .doesNotContainIgnoringCase("exception")
                            .doesNotContain("java.")
                            .doesNotContain("com.ibm");
                    softly.assertThat(response.bodyText())
                            .as(as + " problem type")
                            .containsPattern("\"type\"\\s*:\\s*\"urn:quiesce:problem:" + c.type() + "\"");
                }
            }
        });
        assertThat(schedules()).as("schedules stored by refused requests").isEqualTo(before);
    }
}
