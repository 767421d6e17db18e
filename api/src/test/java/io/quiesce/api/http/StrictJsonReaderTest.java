package io.quiesce.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.api.problem.ProblemException;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonReaderTest {

    private final StrictJsonReader reader = new StrictJsonReader();

    private JsonObject read(String body) {
        return read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonObject read(InputStream body) {
        return reader.readFrom(JsonObject.class, JsonObject.class, null, null, null, body);
    }

    private static String problemType(Throwable e) {
        return ((ProblemException) e).problem().type().toString();
    }

    @Test
    void readsOneObjectWithEveryKindOfValue() {
        JsonObject object = read(
                " {\"type\":\"report\",\"input\":{\"steps\":3,\"ratio\":-1.5e3,\"tags\":[\"a\",null,true,false,[]]}} \n");

        assertThat(object.getString("type")).isEqualTo("report");
        assertThat(object.getJsonObject("input").getInt("steps")).isEqualTo(3);
        assertThat(object.getJsonObject("input").getJsonArray("tags")).hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"report\"} trailing",
                "{\"type\":\"report\"}{\"type\":\"report\"}",
                "{\"type\":\"report\"},",
                "{\"type\":\"report\",\"type\":\"other\"}",
                "{\"input\":{\"steps\":1,\"steps\":2}}",
                "",
                "{\"type\":",
                "{type:\"report\"}"
            })
    void refusesAnythingButExactlyOneWellFormedObject(String body) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(problemType(e)).endsWith("malformed-json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\":\"report\"}]", "\"report\""})
    void aValueThatIsNotAnObjectIsAnInvalidRequest(String body) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(problemType(e)).endsWith("invalid-request"));
    }

    @Test
    void namesTheDuplicatedKey() {
        assertThatThrownBy(() -> read("{\"type\":\"a\",\"type\":\"b\"}")).hasMessageContaining("\"type\" twice");
    }

    @Test
    void refusesDeepNestingBeforeBuildingIt() {
        String deep = "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}";

        assertThatThrownBy(() -> read(deep))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("deeper than " + StrictJsonReader.MAX_DEPTH);
        assertThat(read("{\"a\":" + "[".repeat(30) + "]".repeat(30) + "}")).containsKey("a");
    }

    @Test
    void refusesHugeNumbers() {
        assertThatThrownBy(() -> read("{\"steps\":" + "9".repeat(1100) + "}"))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("number of more than " + StrictJsonReader.MAX_NUMBER_LENGTH);
        assertThat(read("{\"steps\":" + "9".repeat(StrictJsonReader.MAX_NUMBER_LENGTH) + "}"))
                .containsKey("steps");
    }

    @Test
    void aRefusalOfTheBodysStreamPassesThrough() {
        // BodySizeLimit's stream refuses a read past 64 KiB like this, with a 413 (a WebApplicationException).
        IllegalStateException tooLarge = new IllegalStateException("over the limit");
        InputStream failing = new InputStream() {
            private int sent;

            @Override
            public int read() {
                if (sent++ == 0) {
                    return '{';
                }
                throw tooLarge;
            }
        };

        assertThatThrownBy(() -> read(failing)).isSameAs(tooLarge);
    }
}
