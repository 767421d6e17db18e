package io.quiesce.api.schedules;

import java.util.List;

/** One page of {@code GET /api/schedules}, oldest first; {@code nextCursor} is absent on the last page. */
public record SchedulePageView(List<ScheduleView> items, String nextCursor) {
}
