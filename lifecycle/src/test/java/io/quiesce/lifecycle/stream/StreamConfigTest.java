package io.quiesce.lifecycle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamConfigTest {

    private final Map<String, String> values = new HashMap<>();

    StreamConfigTest() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shipped.load(in);
        }
        shipped.stringPropertyNames().forEach(name -> values.put(name, shipped.getProperty(name)));
    }

    private StreamConfig read() {
        return StreamConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void theShippedDefaults() {
        assertThat(read()).isEqualTo(new StreamConfig(200, Duration.ofSeconds(1), Duration.ofSeconds(15)));
    }

    @Test
    void badValuesStopTheStartNamingThePropertyAndTheAllowedValues() {
        values.put(StreamConfig.MAX_OPEN, "0");
        assertThatThrownBy(this::read)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.streams.max-open='0'")
                .hasMessageContaining("a whole number from 1 to 100000");
        values.put(StreamConfig.MAX_OPEN, "10");
        values.put(StreamConfig.HEARTBEAT, "10m");
        assertThatThrownBy(this::read).hasMessageContaining("quiesce.streams.heartbeat='10m'");
    }
}
