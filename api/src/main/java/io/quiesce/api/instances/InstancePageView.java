package io.quiesce.api.instances;

import java.util.List;

/** One page of {@code GET /api/instances}; {@code nextCursor} is absent on the last page. */
public record InstancePageView(List<InstanceView> items, String nextCursor) {
}
