package io.quiesce.jobs.schedule;

import java.util.List;

/** One page of schedules, oldest first; {@code nextCursor} is null on the last page. */
public record SchedulePage(List<ScheduleRecord> items, String nextCursor) {
}
