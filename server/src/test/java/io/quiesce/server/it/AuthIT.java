package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.Poll;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Only health and the OpenAPI document are anonymous; operators mutate, viewers read, nobody else gets in. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuthIT {

    private static final String START = "{\"type\":\"report\",\"input\":{\"steps\":1,\"stepMillis\":0}}";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.quiesce("auth");
    }

    @ArquillianResource
    URL base;

    private Api api;

    @BeforeEach
    void awaitStarted() {
        api = new Api(base);
        Http.awaitStatus(base.getPort(), "/health/started", 200, Duration.ofSeconds(180));
    }

    private static void assertProblem(HttpResponse response, int status) {
        assertThat(response.status()).as(response.bodyText()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
    }

    /** RFC 6750 3.1: without a token, a challenge without an error code, from the API's role check. */
    private static void assertChallenged(HttpResponse response) {
        assertProblem(response, 401);
        assertThat(response.header("www-authenticate")).startsWith("Bearer").doesNotContain("error=");
        assertThat(response.bodyText()).contains("urn:quiesce:problem:unauthorized");
    }

    /** An invalid token: refused by the kernel before the application, error="invalid_token". */
    private static void assertInvalidToken(HttpResponse response) {
        assertProblem(response, 401);
        assertThat(response.header("www-authenticate")).startsWith("Bearer error=\"invalid_token\"");
        assertThat(response.bodyText()).contains("urn:quiesce:problem:invalid-token");
    }

    @Test
    void withoutATokenTheApiAnswers401WithABearerChallenge() {
        long before = Database.instances();
        assertChallenged(api.get("api/instances", null));
        assertChallenged(api.post("api/instances", null, START));
        assertChallenged(api.get("api/demo/sleep?seconds=0", null));
        assertThat(Database.instances()).isEqualTo(before);
    }

    @Test
    void expiredForgedOrRolelessTokensAreRefused() {
        long before = Database.instances();
        assertInvalidToken(api.post("api/instances", Tokens.expiredOperator(), START));
        assertInvalidToken(api.post("api/instances", "not-a-jwt", START));
        String operator = Tokens.operator();
        String forged = operator.substring(0, operator.lastIndexOf('.') + 1) + "AAAA";
        assertInvalidToken(api.post("api/instances", forged, START));
        assertProblem(api.post("api/instances", Tokens.withoutRoles(), START), 403);
        assertThat(Database.instances()).isEqualTo(before);
    }

    /**
     * Every endpoint that changes something (RoleRuleTest finds them all by their HTTP method): 401 without a token or
     * with a forged one, 403 for a viewer or a token without roles, and nothing changes; the operator may.
     */
    @Test
    void everyMutatingEndpointNeedsTheOperatorRole() {
        String operator = Tokens.operator();
        HttpResponse created = api.post(
                "api/schedules", operator, "{\"type\":\"report\",\"cron\":\"0 0 3 1 1 ?\",\"input\":{\"steps\":1}}");
        assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
        String schedule = Api.json(created).getString("id");
        HttpResponse started = api.post("api/instances", operator, START);
        assertThat(started.status()).as(started.bodyText()).isEqualTo(202);
        String instance = Api.json(started).getString("id");
        String forged = operator.substring(0, operator.lastIndexOf('.') + 1) + "AAAA"
                + operator.substring(operator.lastIndexOf('.') + 5);
        List<String[]> endpoints = List.of(
                new String[] {"POST", "api/instances", START},
                new String[] {"POST", "api/instances/" + instance + "/cancel", null},
                new String[] {"POST", "api/schedules", "{\"type\":\"report\",\"cron\":\"0 0 3 1 1 ?\"}"},
                new String[] {"POST", "api/schedules/" + schedule + "/pause", null},
                new String[] {"POST", "api/schedules/" + schedule + "/resume", null},
                new String[] {"DELETE", "api/schedules/" + schedule, null});
        long instancesBefore = Database.instances();
        SoftAssertions softly = new SoftAssertions();
        for (String[] e : endpoints) {
            String contentType = e[2] == null ? null : "application/json";
            String as = e[0] + " " + e[1];
            HttpResponse anonymous = api.send(e[0], e[1], null, Map.of(), contentType, e[2]);
            softly.assertThat(anonymous.status()).as(as + " without a token").isEqualTo(401);
            softly.assertThat(anonymous.header("www-authenticate")).as(as).startsWith("Bearer");
            HttpResponse byForged = api.send(e[0], e[1], forged, Map.of(), contentType, e[2]);
            softly.assertThat(byForged.status()).as(as + " with a forged token").isEqualTo(401);
            softly.assertThat(byForged.header("www-authenticate")).as(as).contains("invalid_token");
            for (String token : List.of(Tokens.viewer(), Tokens.withoutRoles())) {
                HttpResponse refused = api.send(e[0], e[1], token, Map.of(), contentType, e[2]);
                softly.assertThat(refused.status())
                        .as(as + " " + refused.bodyText())
                        .isEqualTo(403);
                softly.assertThat(refused.header("content-type")).as(as).startsWith("application/problem+json");
            }
        }
        softly.assertAll();
        assertThat(Database.instances()).isEqualTo(instancesBefore);
        HttpResponse kept = api.get("api/schedules/" + schedule, Tokens.viewer());
        assertThat(kept.status()).isEqualTo(200);
        assertThat(Api.json(kept).getString("state")).isEqualTo("ACTIVE");
        assertThat(api.send("DELETE", "api/schedules/" + schedule, operator, Map.of(), null, null)
                        .status())
                .isEqualTo(204);
    }

    @Test
    void refusedTokensDoNotWriteALineEach() throws IOException {
        Path messages = Path.of(
                System.getProperty("quiesce.it.wlp.home"),
                "usr",
                "servers",
                System.getProperty("quiesce.it.arquillian.server.name"),
                "logs",
                "messages.log");
        long before = Files.size(messages);
        for (int i = 0; i < 50; i++) {
            assertInvalidToken(api.post("api/instances", "not-a-jwt", START));
            assertChallenged(api.get("api/instances", null));
            assertInvalidToken(api.get("api/instances", Tokens.expiredOperator()));
        }
        long[] size = {Files.size(messages), System.nanoTime()};
        Poll.untilTrue("messages.log to stop growing", Duration.ofSeconds(10), () -> {
            long now = sizeOf(messages);
            if (now != size[0]) {
                size[0] = now;
                size[1] = System.nanoTime();
            }
            return System.nanoTime() - size[1] > Duration.ofSeconds(1).toNanos();
        });
        String added;
        try (RandomAccessFile log = new RandomAccessFile(messages.toFile(), "r")) {
            log.seek(Math.min(before, log.length()));
            byte[] bytes = new byte[(int) (log.length() - log.getFilePointer())];
            log.readFully(bytes);
            added = new String(bytes, StandardCharsets.UTF_8);
        }
        assertThat(added)
                .as("messages.log after 150 refused requests")
                .doesNotContain("CWWKS5522E")
                .doesNotContain("CWWKS5523E");
        assertThat(added.length()).as("bytes logged for 150 refused requests").isLessThan(2_000);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void viewersReadButDoNotMutate() {
        String viewer = Tokens.viewer();
        long before = Database.instances();
        assertProblem(api.post("api/instances", viewer, START), 403);
        assertThat(Database.instances()).isEqualTo(before);
        assertThat(api.get("api/instances?limit=1", viewer).status()).isEqualTo(200);
        assertThat(api.post("api/instances", Tokens.operator(), START).status()).isEqualTo(202);
    }

    /**
     * The API page's table of paths that answer without a token is the list: each of them answers an anonymous GET, and
     * Liberty's other endpoints (the JWT builder's key and token, REST handlers, metrics, JMX) do not.
     */
    @Test
    void onlyThePathsTheApiPageListsAnswerWithoutAToken() throws IOException {
        Http.awaitStatus(base.getPort(), "/health/ready", 200, Duration.ofSeconds(60));
        List<String> listed = anonymousPathsInApiPage();
        assertThat(listed).as("paths in docs/api.md's table").contains("/health/ready", "/openapi");
        List<String> closed = List.of(
                "/jwt/ibm/api/defaultJWT/jwk",
                "/jwt/ibm/api/defaultJWT/token",
                "/jwt/ibm/api/quiesceJwt/jwk",
                "/jwt/",
                "/ibm/api/",
                "/ibm/api/config",
                "/openapi/platform",
                "/metrics",
                "/IBMJMXConnectorREST",
                "/adminCenter/",
                base.getPath() + "api/instances",
                base.getPath() + "api/schedules",
                base.getPath() + "api/demo/sleep?seconds=0");
        SoftAssertions softly = new SoftAssertions();
        for (String path : listed) {
            HttpResponse response = Http.get(base.getPort(), path, Duration.ofSeconds(10));
            softly.assertThat(response.status()).as("anonymous GET " + path).isBetween(200, 399);
        }
        for (String path : closed) {
            HttpResponse response = Http.get(base.getPort(), path, Duration.ofSeconds(10));
            softly.assertThat(response.status())
                    .as("anonymous GET " + path + ": " + response.bodyText())
                    .isGreaterThanOrEqualTo(400);
            softly.assertThat(response.bodyText()).as("anonymous GET " + path).doesNotContain("\"keys\"");
        }
        softly.assertAll();
    }

    /** The first column's paths of the table that follows "What answers without a token" in docs/api.md. */
    private static List<String> anonymousPathsInApiPage() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("quiesce.it.api-doc")));
        int start = 0;
        while (start < lines.size() && !lines.get(start).contains("What answers without a token")) {
            start++;
        }
        while (start < lines.size() && !lines.get(start).startsWith("|")) {
            start++;
        }
        List<String> paths = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher path = Pattern.compile("`(/[^`]*)`").matcher(lines.get(i).split("\\|")[1]);
            while (path.find()) {
                paths.add(path.group(1));
            }
        }
        return paths;
    }

    @Test
    void healthAndTheOpenApiDocumentAreAnonymous() throws Exception {
        assertThat(Http.get(base.getPort(), "/health/live", Duration.ofSeconds(5))
                        .status())
                .isEqualTo(200);
        HttpResponse openapi = Http.get(base.getPort(), "/openapi", Duration.ofSeconds(10));
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.bodyText()).contains("/api/instances").contains("bearer");
    }
}
