package io.quiesce.kubernetes.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.kubernetes.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerXmlTest {

    @Test
    void readsPortHealthPathsAndApplicationFromTheRealServerXml() {
        ServerXml server = ServerXml.read(Repository.root().resolve("liberty/server.xml"));

        assertThat(server.httpPortDefault()).matches("\\d+");
        assertThat(server.healthPaths()).containsExactly("/health/started", "/health/ready", "/health/live");
        assertThat(server.webApplicationLocation()).contains("quiesce.war");
    }

    @Test
    void theEnvironmentOverridesThePortDefault(@TempDir Path directory) throws IOException {
        Path xml = directory.resolve("server.xml");
        Files.writeString(xml, "<server><variable name=\"http.port\" defaultValue=\"9080\"/></server>");
        ServerXml server = ServerXml.read(xml);

        assertThat(server.httpPort(Map.of())).isEqualTo(9080);
        assertThat(server.httpPort(Map.of("HTTP_PORT", "9081"))).isEqualTo(9081);
        assertThat(server.healthPaths()).as("no mpHealth feature").isEmpty();
    }
}
