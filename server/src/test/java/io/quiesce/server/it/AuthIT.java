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

    /** Liberty's MP-JWT layer answers before the application, as RFC 6750 describes, with a challenge and no body. */
    private static void assertChallenged(HttpResponse response) {
        assertThat(response.status()).as(response.bodyText()).isEqualTo(401);
        assertThat(response.header("www-authenticate")).startsWith("Bearer");
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
        assertChallenged(api.post("api/instances", Tokens.expiredOperator(), START));
        assertChallenged(api.post("api/instances", "not-a-jwt", START));
        String operator = Tokens.operator();
        String forged = operator.substring(0, operator.lastIndexOf('.') + 1) + "AAAA";
        assertChallenged(api.post("api/instances", forged, START));
        assertProblem(api.post("api/instances", Tokens.withoutRoles(), START), 403);
        assertThat(Database.instances()).isEqualTo(before);
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
            assertChallenged(api.post("api/instances", "not-a-jwt", START));
            assertChallenged(api.get("api/instances", null));
            assertChallenged(api.get("api/instances", Tokens.expiredOperator()));
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
