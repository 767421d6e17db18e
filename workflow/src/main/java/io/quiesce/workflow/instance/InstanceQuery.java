package io.quiesce.workflow.instance;

/** Newest first; a null {@code status} or {@code type} matches any. */
public record InstanceQuery(InstanceStatus status, String type, int limit, String cursor) {

    public static final int MAX_LIMIT = 200;

    public InstanceQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
