package io.quiesce.workflow.instance;

/**
 * A page request for {@link InstanceService#list}: newest first, optionally filtered.
 *
 * @param status null for any status
 * @param type   null for any type
 * @param limit  page size, 1 to {@value #MAX_LIMIT}
 * @param cursor the previous page's {@link InstancePage#nextCursor()}, or null for the first page
 */
public record InstanceQuery(InstanceStatus status, String type, int limit, String cursor) {

    public static final int MAX_LIMIT = 200;

    public InstanceQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
