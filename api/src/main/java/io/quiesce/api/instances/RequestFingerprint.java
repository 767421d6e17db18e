package io.quiesce.api.instances;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * A stable hash of what a start request asks for, so that a retry with the same Idempotency-Key is recognised even if
 * the client serialised the JSON with other key order or whitespace, while a different request under the same key is not.
 */
final class RequestFingerprint {

    private RequestFingerprint() {
    }

    static String of(String type, JsonObject input) {
        StringBuilder canonical = new StringBuilder(type).append('\n');
        append(canonical, input);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** Canonical JSON: object keys sorted, no whitespace, numbers in their JSON-P text form. */
    static void append(StringBuilder out, JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (var entry : new TreeMap<>((JsonObject) value).entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    out.append(jsonString(entry.getKey())).append(':');
                    append(out, entry.getValue());
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                JsonArray array = (JsonArray) value;
                for (int i = 0; i < array.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    append(out, array.get(i));
                }
                out.append(']');
            }
            case STRING -> out.append(jsonString(((JsonString) value).getString()));
            default -> out.append(value);
        }
    }

    private static String jsonString(String s) {
        return jakarta.json.Json.createValue(s).toString();
    }
}
