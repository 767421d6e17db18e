package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import io.quiesce.testkit.HttpConnection;
import io.quiesce.testkit.HttpResponse;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo endpoints' contract, including every kind of bad input, on a real Liberty server. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DemoEndpointIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String VIEWER = Tokens.viewer();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.quiesce("demo");
    }

    @ArquillianResource
    URL base;

    private HttpResponse send(String method, String path, String contentType, String body) throws IOException {
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", base.getPort(), TIMEOUT)) {
            connection.withHeader("Authorization", "Bearer " + VIEWER);
            return connection.send(
                    method,
                    base.getPath() + path,
                    contentType,
                    body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void sleepsForTheRequestedSeconds() throws IOException {
        HttpResponse response = send("GET", "api/demo/sleep?seconds=1", null, null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.bodyText()).containsPattern("\"requestedSeconds\"\\s*:\\s*1");
        assertThat(response.bodyText()).containsPattern("\"sleptMillis\"\\s*:\\s*1\\d{3}\\b");
    }

    @Test
    void echoesAJsonBody() throws IOException {
        HttpResponse response = send("POST", "api/demo/echo", "application/json", "{\"n\":42}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).containsPattern("\"n\"\\s*:\\s*42");
    }

    record BadInput(String method, String path, String contentType, String body, int status, String type) {}

    @Test
    void badInputGetsAProblemDocument() {
        List<BadInput> cases = List.of(
                new BadInput("GET", "api/demo/sleep", null, null, 400, "urn:quiesce:problem:invalid-request"),
                new BadInput("GET", "api/demo/sleep?seconds=", null, null, 400, "urn:quiesce:problem:invalid-request"),
                new BadInput(
                        "GET", "api/demo/sleep?seconds=abc", null, null, 400, "urn:quiesce:problem:invalid-request"),
                new BadInput(
                        "GET", "api/demo/sleep?seconds=-1", null, null, 400, "urn:quiesce:problem:invalid-request"),
                new BadInput(
                        "GET", "api/demo/sleep?seconds=301", null, null, 400, "urn:quiesce:problem:invalid-request"),
                new BadInput(
                        "GET", "api/demo/sleep?seconds=1.5", null, null, 400, "urn:quiesce:problem:invalid-request"),
                new BadInput(
                        "GET",
                        "api/demo/sleep?seconds=99999999999",
                        null,
                        null,
                        400,
                        "urn:quiesce:problem:invalid-request"),
                new BadInput(
                        "POST",
                        "api/demo/echo",
                        "application/json",
                        "{\"n\":",
                        400,
                        "urn:quiesce:problem:malformed-json"),
                new BadInput(
                        "POST", "api/demo/echo", "application/json", "", 400, "urn:quiesce:problem:malformed-json"),
                new BadInput(
                        "POST",
                        "api/demo/echo",
                        "application/json",
                        "[1,2]",
                        400,
                        "urn:quiesce:problem:invalid-request"),
                new BadInput("POST", "api/demo/echo", "text/plain", "hello", 415, "urn:quiesce:problem:http-415"),
                new BadInput("DELETE", "api/demo/sleep?seconds=1", null, null, 405, "urn:quiesce:problem:http-405"),
                new BadInput("GET", "api/demo/nothing-here", null, null, 404, "urn:quiesce:problem:http-404"));
        assertSoftly(softly -> {
            for (BadInput input : cases) {
                HttpResponse response;
                try {
                    response = send(input.method(), input.path(), input.contentType(), input.body());
                } catch (IOException e) {
                    softly.fail(input + " failed: " + e);
                    continue;
                }
                softly.assertThat(response.status()).as(input + " status").isEqualTo(input.status());
                softly.assertThat(response.header("content-type"))
                        .as(input + " content type")
                        .startsWith("application/problem+json");
                softly.assertThat(response.bodyText())
                        .as(input + " body")
                        .containsPattern("\"type\"\\s*:\\s*\"" + input.type() + "\"")
                        .containsPattern("\"status\"\\s*:\\s*" + input.status());
            }
        });
    }

    @Test
    void aValidationProblemNamesTheParameter() throws IOException {
        HttpResponse response = send("GET", "api/demo/sleep?seconds=301", null, null);
        assertThat(response.bodyText())
                .containsPattern("\"field\"\\s*:\\s*\"seconds\"")
                .contains("must be a whole number of seconds from 0 to 300")
                .containsPattern("\"instance\"\\s*:\\s*\"" + base.getPath() + "api/demo/sleep\"");
    }
}
