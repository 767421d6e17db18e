package io.quiesce.jobs.schedule;

import java.util.List;

public record SchedulePage(List<ScheduleRecord> items, String nextCursor) {}
