package io.quiesce.api.schedules;

import java.util.List;

public record SchedulePageView(List<ScheduleView> items, String nextCursor) {}
