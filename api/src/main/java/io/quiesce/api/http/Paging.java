package io.quiesce.api.http;

/** The {@code limit} and {@code cursor} query parameters every list endpoint validates the same way. */
public final class Paging {

    public static final String DEFAULT_LIMIT = "50";
    public static final int MAX_LIMIT = 200;
    public static final String LIMIT_PATTERN = "[0-9]{1,3}";
    public static final String LIMIT_MESSAGE = "must be a whole number from 1 to 200";
    public static final String CURSOR_PATTERN = "[A-Za-z0-9_-]{1,512}";
    public static final String CURSOR_MESSAGE = "must be a cursor returned by a previous page";

    private Paging() {
    }
}
