package io.quiesce.database.paging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** Keyset, not offset, so that pages are stable under inserts; opaque, so that clients pass it back, not build one. */
public record PageCursor(Instant createdAt, String id) {

    private static final char SEPARATOR = '|';
    private static final int MAX_ENCODED = 200;
    private static final int MAX_ID = 64;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    public String encode() {
        String raw = createdAt.toString() + SEPARATOR + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String cursor) {
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
        if (split <= 0 || split == raw.length() - 1 || raw.length() - split - 1 > MAX_ID) {
            throw invalid();
        }
        String id = raw.substring(split + 1);
        if (!id.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw invalid();
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(raw.substring(0, split));
        } catch (DateTimeParseException e) {
            throw invalid();
        }
        // Beyond what java.sql.Timestamp and PostgreSQL's timestamptz both hold: the client's mistake, not a 5xx.
        if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
            throw invalid();
        }
        return new PageCursor(createdAt, id);
    }

    /** {@code rows} were read with a limit of {@code limit + 1}; null on the last page. */
    public static <T> String next(List<T> rows, int limit, Function<? super T, PageCursor> position) {
        return rows.size() <= limit ? null : position.apply(rows.get(limit - 1)).encode();
    }

    public static <T> List<T> page(List<T> rows, int limit) {
        return rows.size() <= limit ? rows : rows.subList(0, limit);
    }

    private static InvalidCursorException invalid() {
        return new InvalidCursorException("Invalid cursor: pass the nextCursor of a previous page unchanged.");
    }
}
