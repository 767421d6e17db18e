package io.quiesce.lifecycle.http.auth;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;

/** JSON-P looked up once: {@code Json.createReader} searches for a provider on every call. */
final class Json {

    private static final JsonReaderFactory READERS = JsonProvider.provider().createReaderFactory(Map.of());

    private Json() {}

    /** The text's top-level object; {@link jakarta.json.JsonException} when it is not one. */
    static JsonObject object(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
