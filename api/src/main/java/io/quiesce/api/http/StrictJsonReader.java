package io.quiesce.api.http;

import io.quiesce.api.problem.Problem;
import io.quiesce.api.problem.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/**
 * Every JSON body the API reads: exactly one object, no key twice, bounded depth and number length. JSON-P's own reader
 * lets the last duplicate win and ignores what follows the first value, so a request could act on what a client did
 * not mean.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class StrictJsonReader implements MessageBodyReader<JsonObject> {

    static final int MAX_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 100;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JsonObject.class;
    }

    @Override
    public JsonObject readFrom(
            Class<JsonObject> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> headers,
            InputStream body) {
        try (JsonParser parser = Json.createParser(body)) {
            if (!parser.hasNext()) {
                throw malformed("The request body is empty.");
            }
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                throw new ProblemException(Problem.of(
                        "invalid-request", Response.Status.BAD_REQUEST, "The request body must be a JSON object."));
            }
            JsonObject object = readObject(parser, 1);
            if (parser.hasNext()) {
                throw malformed("The request body continues after its JSON object.");
            }
            return object;
        } catch (JsonParsingException e) {
            throw malformed("The request body is not valid JSON: " + e.getMessage());
        } catch (JsonException e) {
            // The body's stream refuses a read past the size limit with its own 413; JSON-P may wrap that.
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof RuntimeException refused && !(cause instanceof JsonException)) {
                    throw refused;
                }
            }
            throw malformed("The request body could not be read as JSON.");
        }
    }

    private static JsonObject readObject(JsonParser parser, int depth) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        Set<String> keys = new HashSet<>();
        while (true) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_OBJECT) {
                return object.build();
            }
            String key = parser.getString();
            if (!keys.add(key)) {
                throw malformed("The request body has the key \"" + key + "\" twice in one object.");
            }
            object.add(key, readValue(parser, parser.next(), depth));
        }
    }

    private static JsonValue readValue(JsonParser parser, JsonParser.Event event, int depth) {
        return switch (event) {
            case START_OBJECT -> readObject(parser, deeper(depth));
            case START_ARRAY -> readArray(parser, deeper(depth));
            case VALUE_STRING -> Json.createValue(parser.getString());
            case VALUE_NUMBER -> number(parser.getString());
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw malformed("The request body is not valid JSON.");
        };
    }

    private static JsonValue readArray(JsonParser parser, int depth) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_ARRAY; event = parser.next()) {
            array.add(readValue(parser, event, depth));
        }
        return array.build();
    }

    private static int deeper(int depth) {
        if (depth >= MAX_DEPTH) {
            throw malformed("The request body nests objects and arrays deeper than " + MAX_DEPTH + " levels.");
        }
        return depth + 1;
    }

    /** Checked on the text, before any BigDecimal is made of it. */
    private static JsonValue number(String text) {
        if (text.length() > MAX_NUMBER_LENGTH) {
            throw malformed("The request body has a number of more than " + MAX_NUMBER_LENGTH + " characters.");
        }
        return Json.createValue(new BigDecimal(text));
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(Problem.of("malformed-json", Response.Status.BAD_REQUEST, detail));
    }
}
