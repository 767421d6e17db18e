package io.quiesce.rehearsal.watch;

import java.util.List;

/**
 * What the watchers saw, against the events the database recorded. Missed or out-of-order events, watchers that died
 * (a non-200 answer ends an EventSource for good) and instances whose events were not all recorded are losses.
 *
 * @param reconnectsLate     reconnections that opened a stream more than {@link WatchAudit#RECONNECT_SLACK_MILLIS}
 *                           after the retry hint in force had elapsed (including those that took several attempts)
 * @param reconnectsFailed   attempts refused or broken before a stream opened (an EventSource tries again after its hint)
 * @param maxOverHintMillis  the longest a reconnection took beyond its hint: connect, history read, first bytes
 * @param unrecorded         instances of the run whose events do not match their facts (a step without its event...)
 * @param off                why no instance was watched (a release in the rollout serves no event stream); empty when on
 */
public record WatchReport(
        int sharePercent,
        int instancesAccepted,
        int watched,
        int followedToTheEnd,
        int eventsRecorded,
        int eventsReceived,
        int missed,
        int duplicated,
        int outOfOrder,
        int reconnects,
        int reconnectsLate,
        int reconnectsFailed,
        long maxReconnectMillis,
        long maxOverHintMillis,
        int died,
        int unrecorded,
        Latency live,
        List<Instance> instances,
        String off) {

    public WatchReport {
        off = off == null ? "" : off;
    }

    /** No watchers in this run, and why: the events of instances an older release handles were never written. */
    public static WatchReport off(String why) {
        return new WatchReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new Latency(0, 0, 0, 0), List.of(), why);
    }

    /** From an event's commit (the database's clock) to a watcher (this machine's), for events written while watched. */
    public record Latency(int events, double p50Millis, double p99Millis, double maxMillis) {}

    /** One watched instance; {@code hints} are the retry hints the server sent at the ends it caused. */
    public record Instance(
            String id,
            String outcome,
            int recorded,
            int received,
            int missed,
            int duplicated,
            int outOfOrder,
            int reconnects,
            int reconnectsLate,
            long maxReconnectMillis,
            String detail) {}

    public boolean lostSomething() {
        return missed > 0 || outOfOrder > 0 || died > 0 || unrecorded > 0 || followedToTheEnd < watched;
    }
}
