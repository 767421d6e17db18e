package io.quiesce.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.devservices.config.DevServicesConfig;
import io.quiesce.devservices.config.DevServicesException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwaitDevServicesTest {

    @TempDir
    Path dir;

    private DevServicesConfig config(String runId) {
        return new DevServicesConfig(dir, 15432, 17233, runId);
    }

    @Test
    void returnsThePropertiesOnceTheLauncherHasWrittenThem() throws Exception {
        Files.writeString(
                config("").propertiesFile(), "postgres.jdbc-url=jdbc:postgresql://127.0.0.1:15432/quiesce\nrun-id=\n");

        Properties ready = AwaitDevServices.await(config(""), Duration.ofSeconds(5));

        assertThat(ready.getProperty("postgres.jdbc-url")).isEqualTo("jdbc:postgresql://127.0.0.1:15432/quiesce");
    }

    @Test
    void failsAtOnceWithTheLaunchersReason() throws Exception {
        Files.writeString(
                config("").failureFile(), "reason=PostgreSQL port 15432 is already in use on 127.0.0.1\nrun-id=\n");
        long started = System.nanoTime();

        assertThatThrownBy(() -> AwaitDevServices.await(config(""), Duration.ofSeconds(30)))
                .isInstanceOf(DevServicesException.class)
                .hasMessage("the dev services failed to start: PostgreSQL port 15432 is already in use on 127.0.0.1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void withARunIdIgnoresTheFilesOfAnotherRun() throws Exception {
        Files.writeString(config("").propertiesFile(), "postgres.port=15432\nrun-id=build-1\n");
        Files.writeString(config("").failureFile(), "reason=port in use\nrun-id=build-1\n");

        assertThatThrownBy(() -> AwaitDevServices.await(config("build-2"), Duration.ofMillis(300)))
                .isInstanceOf(DevServicesException.class)
                .hasMessageContaining("not ready within 300 ms");

        Files.writeString(config("").propertiesFile(), "postgres.port=15432\nrun-id=build-2\n");
        assertThat(AwaitDevServices.await(config("build-2"), Duration.ofSeconds(5))
                        .getProperty("postgres.port"))
                .isEqualTo("15432");
    }

    @Test
    void givesUpAtTheTimeout() {
        assertThatThrownBy(() -> AwaitDevServices.await(config(""), Duration.ofMillis(300)))
                .isInstanceOf(DevServicesException.class)
                .hasMessageContaining("not ready within")
                .hasMessageContaining("devservices.properties");
    }
}
