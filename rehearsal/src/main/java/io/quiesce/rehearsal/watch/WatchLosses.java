package io.quiesce.rehearsal.watch;

import java.util.List;

/** The watchers' part of the rehearsal's verdict. */
public final class WatchLosses {

    private WatchLosses() {}

    /**
     * @param shedExpected the load was over the measured capacity: a watcher refused with 503 {@code overloaded} was
     *                     shed like a request, and the events it could not see are not losses
     */
    public static void add(WatchReport watches, boolean shedExpected, List<String> losses, List<String> warnings) {
        List<WatchReport.Instance> shed = shedExpected
                ? watches.instances().stream().filter(WatchLosses::shed).toList()
                : List.of();
        int missed = watches.missed()
                - shed.stream().mapToInt(WatchReport.Instance::missed).sum();
        int died = watches.died() - shed.size();
        if (!shed.isEmpty()) {
            warnings.add(shed.size() + " watchers shed (503 overloaded) when they opened or reopened their stream, "
                    + "over capacity");
        }
        if (missed > 0 || watches.outOfOrder() > 0) {
            losses.add("watchers missed " + missed + " events and received " + watches.outOfOrder() + " out of order "
                    + problems(watches));
        }
        if (died > 0) {
            losses.add(
                    died + " watchers were refused a stream and gave up, as an EventSource does " + problems(watches));
        }
        if (watches.followedToTheEnd() + watches.died() < watches.watched()) {
            losses.add((watches.watched() - watches.followedToTheEnd() - watches.died())
                    + " watchers never received their instance's final event " + problems(watches));
        }
        if (watches.unrecorded() > 0) {
            losses.add(watches.unrecorded() + " instances lack events for facts recorded about them");
        }
        if (watches.duplicated() > 0) {
            warnings.add("watchers received " + watches.duplicated() + " events twice " + problems(watches));
        }
        if (watches.reconnectsLate() > 0) {
            warnings.add(watches.reconnectsLate() + " reconnections took more than their retry hint + "
                    + WatchAudit.RECONNECT_SLACK_MILLIS + " ms " + problems(watches));
        }
    }

    private static boolean shed(WatchReport.Instance instance) {
        return instance.outcome().equals("failed") && instance.detail().contains("urn:quiesce:problem:overloaded");
    }

    private static List<String> problems(WatchReport watches) {
        return watches.instances().stream()
                .filter(i -> i.missed() + i.outOfOrder() + i.duplicated() + i.reconnectsLate() > 0
                        || !i.outcome().equals("finished"))
                .limit(5)
                .map(i -> i.id() + " (" + i.outcome() + ", missed " + i.missed() + ", duplicated " + i.duplicated()
                        + ", out of order " + i.outOfOrder() + ", late reconnects " + i.reconnectsLate()
                        + (i.detail().isEmpty() ? "" : ", " + i.detail()) + ")")
                .toList();
    }
}
