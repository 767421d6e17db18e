package io.quiesce.rehearsal.watch;

import java.util.List;

/** The watchers' part of the rehearsal's verdict. */
public final class WatchLosses {

    private WatchLosses() {}

    public static void add(WatchReport watches, List<String> losses, List<String> warnings) {
        if (watches.missed() > 0 || watches.outOfOrder() > 0) {
            losses.add("watchers missed " + watches.missed() + " events and received " + watches.outOfOrder()
                    + " out of order " + problems(watches));
        }
        if (watches.died() > 0) {
            losses.add(watches.died() + " watchers were refused a stream and gave up, as an EventSource does "
                    + problems(watches));
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
