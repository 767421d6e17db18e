package io.quiesce.workflow.instance;

import java.util.List;

/**
 * One page of instances.
 *
 * @param nextCursor pass it to get the next page; null on the last page
 */
public record InstancePage(List<InstanceRecord> items, String nextCursor) {

    public InstancePage {
        items = List.copyOf(items);
    }
}
