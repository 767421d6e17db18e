package io.quiesce.devservices.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevServicesConfigTest {

    @Test
    void defaults() {
        DevServicesConfig config = DevServicesConfig.from(new String[0], key -> null);

        assertThat(config.dir()).isEqualTo(Path.of("target/devservices").toAbsolutePath());
        assertThat(config.postgresPort()).isEqualTo(15432);
        assertThat(config.temporalPort()).isEqualTo(17233);
        assertThat(config.otlpPort()).isEqualTo(14318);
        assertThat(config.telemetryDir()).isEqualTo(config.dir().resolve("telemetry"));
        assertThat(config.postgresDataDir()).isEqualTo(config.dir().resolve("postgres"));
        assertThat(config.jwtDir()).isEqualTo(config.dir().resolve("jwt"));
        assertThat(config.propertiesFile()).isEqualTo(config.dir().resolve("devservices.properties"));
        assertThat(config.runId()).isEmpty();
    }

    @Test
    void argumentsOverrideSystemProperties() {
        Map<String, String> properties = Map.of(
                "quiesce.devservices.dir", "/tmp/a",
                "quiesce.devservices.postgres-port", "25432",
                "quiesce.devservices.temporal-port", "27233",
                "quiesce.devservices.run-id", "from-property");

        DevServicesConfig config = DevServicesConfig.from(
                new String[] {"--postgres-port=35432", "--dir=/tmp/b", "--run-id=20260101T000000.000"},
                properties::get);

        assertThat(config.dir()).isEqualTo(Path.of("/tmp/b"));
        assertThat(config.postgresPort()).isEqualTo(35432);
        assertThat(config.temporalPort()).isEqualTo(27233);
        assertThat(config.runId()).isEqualTo("20260101T000000.000");
    }

    @Test
    void rejectsWhatIsNotAPort() {
        assertThatThrownBy(() -> DevServicesConfig.from(new String[] {"--temporal-port=70000"}, key -> null))
                .isInstanceOf(DevServicesException.class)
                .hasMessage("quiesce.devservices.temporal-port=70000 is not a port: use 1 to 65535");
        assertThatThrownBy(() ->
                        DevServicesConfig.from(new String[0], Map.of("quiesce.devservices.postgres-port", "x")::get))
                .isInstanceOf(DevServicesException.class)
                .hasMessageContaining("postgres-port=x");
    }

    @Test
    void rejectsUnknownArgumentsAndASharedPort() {
        assertThatThrownBy(() -> DevServicesConfig.from(new String[] {"--port=1"}, key -> null))
                .isInstanceOf(DevServicesException.class)
                .hasMessageContaining("unknown argument '--port=1'");
        assertThatThrownBy(() -> DevServicesConfig.from(
                        new String[] {"--postgres-port=20000", "--temporal-port=20000"}, key -> null))
                .isInstanceOf(DevServicesException.class)
                .hasMessageContaining("share port 20000");
    }

    @Test
    void takesAnOtlpPortOrZeroForAFreeOneButNeverAnotherServicesPort() {
        assertThat(DevServicesConfig.from(new String[] {"--otlp-port=24318"}, key -> null)
                        .otlpPort())
                .isEqualTo(24318);
        assertThat(DevServicesConfig.from(new String[0], Map.of("quiesce.devservices.otlp-port", "0")::get)
                        .otlpPort())
                .isZero();
        assertThat(new DevServicesConfig(Path.of("x"), 1, 2, "run").otlpPort()).isZero();
        assertThatThrownBy(() -> DevServicesConfig.from(new String[] {"--otlp-port=-1"}, key -> null))
                .isInstanceOf(DevServicesException.class)
                .hasMessage("quiesce.devservices.otlp-port=-1 is not a port: use 0 to 65535 (0: a free port)");
        assertThatThrownBy(() -> DevServicesConfig.from(new String[] {"--otlp-port=17233"}, key -> null))
                .isInstanceOf(DevServicesException.class)
                .hasMessage("the OTLP receiver cannot share port 17233 with Temporal");
    }
}
