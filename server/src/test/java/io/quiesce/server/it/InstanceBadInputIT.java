package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every kind of bad input to the instances API: a clear 4xx problem document, and nothing written. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InstanceBadInputIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.quiesce("bad-input");
    }

    @ArquillianResource
    URL base;

    record Case(
            String method,
            String path,
            Map<String, String> headers,
            String contentType,
            String body,
            int status,
            String type) {

        static Case post(String body, int status, String type) {
            return new Case("POST", "api/instances", Map.of(), "application/json", body, status, type);
        }

        static Case get(String path, int status, String type) {
            return new Case("GET", path, Map.of(), null, null, status, type);
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 60 ? body.substring(0, 60) + "..." : body);
            return method + " " + path + " " + headers.keySet() + shown;
        }
    }

    @Test
    void eachBadInputGetsItsProblemAndNothingIsPersisted() {
        Http.awaitStatus(base.getPort(), "/health/started", 200, Duration.ofSeconds(180));
        Api api = new Api(base);
        String operator = Tokens.operator();
        String huge = "{\"type\":\"report\",\"input\":{\"padding\":\"" + "x".repeat(70_000) + "\"}}";
        List<Case> cases = List.of(
                Case.post("", 400, "malformed-json"),
                Case.post("{", 400, "malformed-json"),
                Case.post("[]", 400, "invalid-request"),
                Case.post("{}", 400, "invalid-request"),
                Case.post("{\"type\":\"\"}", 400, "invalid-request"),
                Case.post("{\"type\":\"Report!\"}", 400, "invalid-request"),
                Case.post("{\"type\":\"report\",\"colour\":\"red\"}", 400, "invalid-request"),
                Case.post("{\"type\":\"report\",\"input\":[1,2]}", 400, "invalid-request"),
                Case.post("{\"type\":7}", 400, "invalid-request"),
                Case.post("{\"type\":\"nightly-build\"}", 422, "unknown-workflow-type"),
                Case.post("{\"type\":\"report\",\"input\":{\"steps\":0}}", 422, "invalid-input"),
                Case.post("{\"type\":\"report\",\"input\":{\"steps\":21}}", 422, "invalid-input"),
                Case.post("{\"type\":\"report\",\"input\":{\"steps\":\"three\"}}", 422, "invalid-input"),
                Case.post("{\"type\":\"report\",\"input\":{\"stepMillis\":-1}}", 422, "invalid-input"),
                Case.post("{\"type\":\"report\",\"input\":{\"colour\":\"red\"}}", 422, "invalid-input"),
                Case.post("{\"type\":\"report\"} {\"type\":\"report\"}", 400, "malformed-json"),
                Case.post("{\"type\":\"report\"}trailing", 400, "malformed-json"),
                Case.post("{\"type\":\"nightly-build\",\"type\":\"report\"}", 400, "malformed-json"),
                Case.post("{\"type\":\"report\",\"input\":{\"steps\":1,\"steps\":2}}", 400, "malformed-json"),
                Case.post(
                        "{\"type\":\"report\",\"input\":{\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}}",
                        400,
                        "malformed-json"),
                Case.post(
                        "{\"type\":\"report\",\"input\":{\"steps\":" + "9".repeat(1100) + "}}", 400, "malformed-json"),
                Case.post(huge, 413, "payload-too-large"),
                // The raw client writes header lines as given: this sends Idempotency-Key twice.
                new Case(
                        "POST",
                        "api/instances",
                        Map.of("Idempotency-Key", "dup-1\r\nIdempotency-Key: dup-2"),
                        "application/json",
                        "{\"type\":\"report\"}",
                        400,
                        "invalid-request"),
                new Case("POST", "api/instances", Map.of(), "text/plain", "report", 415, "http-415"),
                new Case(
                        "POST",
                        "api/instances",
                        Map.of("Idempotency-Key", "k".repeat(201)),
                        "application/json",
                        "{\"type\":\"report\"}",
                        400,
                        "invalid-request"),
                new Case(
                        "POST",
                        "api/instances",
                        Map.of("Idempotency-Key", "with space"),
                        "application/json",
                        "{\"type\":\"report\"}",
                        400,
                        "invalid-request"),
                Case.get("api/instances?limit=0", 400, "invalid-request"),
                Case.get("api/instances?limit=201", 400, "invalid-request"),
                Case.get("api/instances?limit=ten", 400, "invalid-request"),
                Case.get("api/instances?status=DONE", 400, "invalid-request"),
                Case.get("api/instances?type=Report!", 400, "invalid-request"),
                Case.get("api/instances?codeVersion=1.0%20beta", 400, "invalid-request"),
                Case.get("api/instances?codeVersion=-rc1", 400, "invalid-request"),
                Case.get("api/instances?cursor=%21%21", 400, "invalid-request"),
                Case.get("api/instances?cursor=bm90LWEtY3Vyc29y", 400, "invalid-cursor"),
                Case.get("api/instances?cursor=" + cursor("+1000000-01-01T00:00:00Z|abc"), 400, "invalid-cursor"),
                Case.get("api/instances?cursor=" + cursor("2026-03-01T10:15:30Z|ab\u0001c"), 400, "invalid-cursor"),
                Case.get("api/instances/no-such-instance", 404, "instance-not-found"),
                new Case(
                        "POST",
                        "api/instances/no-such-instance/cancel",
                        Map.of(),
                        null,
                        null,
                        404,
                        "instance-not-found"),
                new Case("DELETE", "api/instances", Map.of(), null, null, 405, "http-405"));

        long before = Database.instances();
        assertSoftly(softly -> {
            for (Case c : cases) {
                HttpResponse response =
                        api.send(c.method(), c.path(), operator, c.headers(), c.contentType(), c.body());
                softly.assertThat(response.status())
                        .as(c + " status; body " + response.bodyText())
                        .isEqualTo(c.status());
                softly.assertThat(response.header("content-type"))
                        .as(c + " content type")
                        .startsWith("application/problem+json");
                softly.assertThat(response.bodyText())
                        .as(c + " problem type")
                        .containsPattern("\"type\"\\s*:\\s*\"urn:quiesce:problem:" + c.type() + "\"");
            }
        });
        assertSoftly(softly -> softly.assertThat(Database.instances())
                .as("instances written by rejected requests")
                .isEqualTo(before));
    }

    /** Without Content-Length the limit is found while reading; the answer must still be the 413 problem. */
    @Test
    void aChunkedBodyOverTheLimitIs413AndWritesNothing() throws IOException {
        Http.awaitStatus(base.getPort(), "/health/started", 200, Duration.ofSeconds(180));
        long before = Database.instances();
        String chunk = "{\"type\":\"report\",\"input\":{\"padding\":\"" + "x".repeat(70_000) + "\"}}";
        String status;
        String reply;
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + base.getPath() + "api/instances HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Authorization: Bearer " + Tokens.operator() + "\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                            + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = reply.lines().findFirst().orElse("");
        }
        assertThat(status).as(reply).startsWith("HTTP/1.1 413");
        assertThat(reply).contains("application/problem+json").contains("urn:quiesce:problem:payload-too-large");
        assertThat(Database.instances()).isEqualTo(before);
    }

    /**
     * Requests Liberty's web container refuses before JAX-RS: the WAR's error page answers them as problems; an invalid
     * percent-encoding is refused before any application is chosen, where only Liberty's fixed page can answer, but
     * none of them names a class or shows a stack frame.
     */
    @Test
    void requestsTheContainerRefusesCarryNoInternalsAndWriteNothing() {
        Http.awaitStatus(base.getPort(), "/health/started", 200, Duration.ofSeconds(180));
        Api api = new Api(base);
        String operator = Tokens.operator();
        String start = "{\"type\":\"report\",\"input\":{\"steps\":1,\"stepMillis\":0}}";
        List<Case> problems = List.of(
                Case.get("api/instances/..%2f..%2f", 400, "invalid-request"),
                Case.get("api/instances/..%2F..%2Fhealth", 400, "invalid-request"),
                Case.get("api/%2e%2e/api/instances", 400, "invalid-request"),
                new Case(
                        "POST",
                        "api/instances/..%5c..%5c",
                        Map.of(),
                        "application/json",
                        start,
                        400,
                        "invalid-request"),
                new Case("POST", "api/instances", Map.of(), ";;;=", start, 400, "invalid-request"),
                new Case("POST", "api/instances", Map.of(), "/", start, 400, "invalid-request"),
                Case.get("no-such-page", 404, "http-404"));
        List<Case> libertyOnly = List.of(
                Case.get("api/instances/%zz", 400, null),
                Case.get("api/instances/%", 400, null),
                new Case("POST", "api/instances/%G1", Map.of(), "application/json", start, 400, null));
        long before = Database.instances();
        assertSoftly(softly -> {
            for (Case c : problems) {
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
                            .as(as + " problem type")
                            .containsPattern("\"type\"\\s*:\\s*\"urn:quiesce:problem:" + c.type() + "\"");
                    assertNoInternals(softly, as, response);
                }
            }
            for (Case c : libertyOnly) {
                HttpResponse response =
                        api.send(c.method(), c.path(), operator, c.headers(), c.contentType(), c.body());
                softly.assertThat(response.status())
                        .as(c + " status; body " + response.bodyText())
                        .isEqualTo(c.status());
                assertNoInternals(softly, c.toString(), response);
            }
        });
        assertThat(Database.instances())
                .as("instances written by refused requests")
                .isEqualTo(before);
    }

    private static void assertNoInternals(SoftAssertions softly, String as, HttpResponse response) {
        softly.assertThat(response.bodyText())
                .as(as + " body")
                .doesNotContainIgnoringCase("exception")
                .doesNotContain("com.ibm")
                .doesNotContain("java.")
                .doesNotContain("jakarta.")
                .doesNotContain(".java:")
                .doesNotContain("[internal classes]")
                .doesNotContainPattern("SRVE\\d{4}");
    }

    /** A cursor as the API encodes one, around a raw value that no page handed out. */
    private static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
