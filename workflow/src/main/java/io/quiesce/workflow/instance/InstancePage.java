package io.quiesce.workflow.instance;

import java.util.List;

public record InstancePage(List<InstanceRecord> items, String nextCursor) {

    public InstancePage {
        items = List.copyOf(items);
    }
}
