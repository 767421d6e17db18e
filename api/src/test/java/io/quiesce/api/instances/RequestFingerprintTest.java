package io.quiesce.api.instances;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFingerprintTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void ignoresKeyOrderAndWhitespace() {
        assertThat(RequestFingerprint.of("report", json("{\"steps\":2,\"stepMillis\":10,\"tags\":{\"b\":1,\"a\":[1,2]}}")))
                .isEqualTo(RequestFingerprint.of("report", json(" { \"tags\" : {\"a\":[1, 2], \"b\":1}, \"stepMillis\":10, \"steps\":2 } ")));
    }

    @Test
    void distinguishesValuesTypesAndArrayOrder() {
        String base = RequestFingerprint.of("report", json("{\"steps\":2,\"list\":[1,2]}"));
        assertThat(RequestFingerprint.of("report", json("{\"steps\":3,\"list\":[1,2]}"))).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("report", json("{\"steps\":\"2\",\"list\":[1,2]}"))).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("report", json("{\"steps\":2,\"list\":[2,1]}"))).isNotEqualTo(base);
        assertThat(RequestFingerprint.of("other", json("{\"steps\":2,\"list\":[1,2]}"))).isNotEqualTo(base);
    }

    @Test
    void escapesKeysSoThatTheyCannotCollide() {
        assertThat(RequestFingerprint.of("report", json("{\"a\\\":1,\\\"b\":2}")))
                .isNotEqualTo(RequestFingerprint.of("report", json("{\"a\":1,\"b\":2}")));
        assertThat(RequestFingerprint.of("report", json("{}"))).hasSize(64).matches("[0-9a-f]{64}");
    }
}
