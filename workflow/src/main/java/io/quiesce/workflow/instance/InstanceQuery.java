package io.quiesce.workflow.instance;

/** Newest first; a null {@code status}, {@code type} or {@code codeVersion} matches any. */
public record InstanceQuery(InstanceStatus status, String type, String codeVersion, int limit, String cursor) {

    public static final int MAX_LIMIT = 200;

    public InstanceQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
