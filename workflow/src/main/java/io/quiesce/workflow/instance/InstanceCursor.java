package io.quiesce.workflow.instance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The keyset position after the last row of a page: its {@code created_at} and {@code id}, encoded as opaque base64url so
 * that clients pass it back unchanged rather than build one. Stable under inserts, unlike an offset.
 */
public record InstanceCursor(Instant createdAt, String id) {

    private static final char SEPARATOR = '|';
    private static final int MAX_ENCODED = 200;

    public String encode() {
        String raw = createdAt.toString() + SEPARATOR + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidCursorException when the text is not a cursor this class encoded */
    public static InstanceCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_ENCODED) {
            throw invalid();
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int split = raw.indexOf(SEPARATOR);
        if (split <= 0 || split == raw.length() - 1 || raw.length() - split - 1 > 64) {
            throw invalid();
        }
        try {
            return new InstanceCursor(Instant.parse(raw.substring(0, split)), raw.substring(split + 1));
        } catch (DateTimeParseException e) {
            throw invalid();
        }
    }

    private static InvalidCursorException invalid() {
        return new InvalidCursorException("Invalid cursor: pass the nextCursor of a previous page unchanged.");
    }
}
