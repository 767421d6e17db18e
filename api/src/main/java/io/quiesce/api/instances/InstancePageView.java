package io.quiesce.api.instances;

import java.util.List;

public record InstancePageView(List<InstanceView> items, String nextCursor) {}
