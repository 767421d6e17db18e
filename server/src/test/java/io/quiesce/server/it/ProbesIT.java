package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpResponse;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three probes on a real Liberty server while a participant is still starting and once everything has started.
 * The shutdown states (DRAINING, STOPPING) are observed on a server process that really receives SIGTERM, in
 * {@link GracefulShutdownIT}, since a SIGTERM here would end the shared Arquillian server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProbesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.quiesce("probes").addClasses(GatedParticipant.class, GateResource.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void probesReportStartingUntilEveryParticipantHasStartedThenReady() throws IOException {
        int port = base.getPort();

        HttpResponse started = Http.get(port, "/health/started", TIMEOUT);
        assertThat(started.status()).isEqualTo(503);
        assertThat(started.bodyText()).contains("\"quiesce-started\"").contains("it-gate");
        HttpResponse ready = Http.get(port, "/health/ready", TIMEOUT);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.bodyText()).containsPattern("\"state\"\\s*:\\s*\"STARTING\"");
        assertThat(Http.get(port, "/health/live", TIMEOUT).status()).isEqualTo(200);

        try (var connection = io.quiesce.testkit.HttpConnection.open("127.0.0.1", port, TIMEOUT)) {
            assertThat(connection
                            .post(base.getPath() + "api/it/gate", "application/json", "{}")
                            .status())
                    .isEqualTo(204);
        }

        HttpResponse nowStarted = Http.awaitStatus(port, "/health/started", 200, Duration.ofSeconds(180));
        assertThat(nowStarted.bodyText())
                .containsPattern("\"status\"\\s*:\\s*\"UP\"")
                .as("every participant (database, workflow, jobs, it-gate) has reported started")
                .containsPattern("\"pending\"\\s*:\\s*\"\"");
        HttpResponse nowReady = Http.awaitStatus(port, "/health/ready", 200, Duration.ofSeconds(30));
        assertThat(nowReady.bodyText()).containsPattern("\"state\"\\s*:\\s*\"READY\"");
        HttpResponse live = Http.get(port, "/health/live", TIMEOUT);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.bodyText()).containsPattern("\"deadlocked_threads\"\\s*:\\s*0");
    }
}
