package io.quiesce.api.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The fingerprint a start request is compared by when its Idempotency-Key is replayed. */
class StartInstanceRequestTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static String fingerprint(String type, String input) {
        return new StartInstanceRequest(type, json(input), null).fingerprint();
    }

    @Test
    void ignoresKeyOrderAndWhitespace() {
        assertThat(fingerprint("report", "{\"steps\":2,\"stepMillis\":10,\"tags\":{\"b\":1,\"a\":[1,2]}}"))
                .isEqualTo(fingerprint(
                        "report", " { \"tags\" : {\"a\":[1, 2], \"b\":1}, \"stepMillis\":10, \"steps\":2 } "));
    }

    @Test
    void distinguishesValuesTypesAndArrayOrder() {
        String base = fingerprint("report", "{\"steps\":2,\"list\":[1,2]}");
        assertThat(fingerprint("report", "{\"steps\":3,\"list\":[1,2]}")).isNotEqualTo(base);
        assertThat(fingerprint("report", "{\"steps\":\"2\",\"list\":[1,2]}")).isNotEqualTo(base);
        assertThat(fingerprint("report", "{\"steps\":2,\"list\":[2,1]}")).isNotEqualTo(base);
        assertThat(fingerprint("other", "{\"steps\":2,\"list\":[1,2]}")).isNotEqualTo(base);
    }

    @Test
    void escapesKeysSoThatTheyCannotCollide() {
        assertThat(fingerprint("report", "{\"a\\\":1,\\\"b\":2}"))
                .isNotEqualTo(fingerprint("report", "{\"a\":1,\"b\":2}"));
        assertThat(fingerprint("report", "{}")).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void keepsTheValueStoredWithInstancesStartedByEarlierVersions() {
        // printf 'report\n{"steps":2}' | sha256sum: the type, a newline, the canonical input.
        assertThat(fingerprint("report", " { \"steps\" : 2 } "))
                .isEqualTo("73b2a0e59b90aeb717fbd55fef2c93dd5c867e249dda49ec6d15e928f474facf");
    }

    @Test
    void aCallbackIsPartOfTheRequestAndItsAbsenceChangesNothing() {
        String without = fingerprint("report", "{\"steps\":2}");
        String with = StartInstanceRequest.from(json(
                        "{\"type\":\"report\",\"input\":{\"steps\":2},\"callback\":{\"url\":\"https://a.example/h\"}}"))
                .fingerprint();
        String other = StartInstanceRequest.from(json(
                        "{\"type\":\"report\",\"input\":{\"steps\":2},\"callback\":{\"url\":\"https://b.example/h\"}}"))
                .fingerprint();

        assertThat(with).isNotEqualTo(without).isNotEqualTo(other);
        assertThat(StartInstanceRequest.from(json("{\"type\":\"report\",\"input\":{\"steps\":2},\"callback\":null}"))
                        .fingerprint())
                .isEqualTo(without);
    }

    @Test
    void aCallbackOfTheWrongShapeIsRefusedNamingEachField() {
        ProblemException e = catchThrowableOfType(
                ProblemException.class,
                () -> StartInstanceRequest.from(
                        json("{\"type\":\"report\",\"callback\":{\"url\":7,\"headers\":{},\"secret\":\"x\"}}")));

        assertThat(e.problem().status()).isEqualTo(400);
        assertThat(e.problem().errors())
                .extracting(Problem.InvalidField::field)
                .containsExactly("callback.headers", "callback.secret", "callback.url");
        assertThat(catchThrowableOfType(
                                ProblemException.class,
                                () -> StartInstanceRequest.from(json("{\"type\":\"report\",\"callback\":[]}")))
                        .problem()
                        .errors())
                .extracting(Problem.InvalidField::field)
                .containsExactly("callback");
    }
}
