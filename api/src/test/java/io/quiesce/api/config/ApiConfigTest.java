package io.quiesce.api.config;

import io.quiesce.lifecycle.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiConfigTest {

    private static ApiConfig read(String value) {
        Map<String, String> values = value == null ? Map.of() : Map.of(ApiConfig.DATABASE_REQUESTS, value);
        return ApiConfig.read(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void readsTheBulkheadSize() {
        assertThat(read("8").databaseRequests()).isEqualTo(8);
    }

    @Test
    void aBadOrMissingValueNamesThePropertyAndTheAllowedValues() {
        assertThatThrownBy(() -> read("0")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration quiesce.api.database-requests='0': allowed values are a whole number from 1 to 1000.");
        assertThatThrownBy(() -> read("many")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> read(null)).hasMessageStartingWith("Missing configuration quiesce.api.database-requests");
    }
}
