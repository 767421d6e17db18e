package io.quiesce.rehearsal.watch;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The watchers' streams against {@code instance_event}, and the events against the facts they record. */
public final class WatchAudit {

    /** Connect, HAProxy, the server's history read and its first bytes, on a loaded 2-core machine. */
    static final long RECONNECT_SLACK_MILLIS = 1000;

    private final String url;
    private final String user;
    private final String password;

    public WatchAudit(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The recorded events of each instance, by seq, as (seq, kind). */
    Map<String, List<Integer>> recorded(List<String> instanceIds) throws SQLException {
        Map<String, List<Integer>> events = new HashMap<>();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT instance_id, seq FROM instance_event WHERE instance_id = ANY (?) ORDER BY instance_id, seq")) {
            Array ids = c.createArrayOf("varchar", instanceIds.toArray());
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    events.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                            .add(r.getInt(2));
                }
            }
        }
        return events;
    }

    /**
     * Instances of the run whose events are not their facts: no {@code created}, a recorded step without its
     * {@code step-completed}, a final status without {@code finished} (or one while RUNNING), or a gap in the order.
     */
    int unrecorded(String keyPrefix, String scheduleId) throws SQLException {
        String sql =
                "SELECT count(*) FROM workflow_instance i WHERE (i.idempotency_key LIKE ? OR i.schedule_id = ?) AND ("
                        + "NOT EXISTS (SELECT 1 FROM instance_event e WHERE e.instance_id = i.id AND e.kind = 'CREATED')"
                        + " OR (SELECT count(*) FROM step_execution s WHERE s.instance_id = i.id)"
                        + " <> (SELECT count(*) FROM instance_event e WHERE e.instance_id = i.id AND e.kind = 'STEP_COMPLETED')"
                        + " OR (i.status <> 'RUNNING')"
                        + " <> EXISTS (SELECT 1 FROM instance_event e WHERE e.instance_id = i.id AND e.kind = 'FINISHED')"
                        + " OR (SELECT max(seq) FROM instance_event e WHERE e.instance_id = i.id)"
                        + " <> (SELECT count(*) FROM instance_event e WHERE e.instance_id = i.id))";
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, keyPrefix + "%");
            s.setString(2, scheduleId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** One watcher's stream against what was recorded. */
    static WatchReport.Instance compare(Watcher watcher, List<Integer> recorded) {
        return compare(
                watcher.instanceId(),
                watcher.outcome(),
                watcher.failure(),
                watcher.received(),
                watcher.attempts(),
                recorded);
    }

    static WatchReport.Instance compare(
            String instanceId,
            Watcher.Outcome outcome,
            String failure,
            List<Watcher.Received> received,
            List<Watcher.Attempt> attempts,
            List<Integer> recorded) {
        Set<Integer> seen = new HashSet<>();
        int duplicated = 0;
        int outOfOrder = 0;
        int highest = 0;
        for (Watcher.Received event : received) {
            if (!seen.add(event.seq())) {
                duplicated++;
            } else if (event.seq() < highest) {
                outOfOrder++;
            }
            highest = Math.max(highest, event.seq());
        }
        int missed = (int) recorded.stream().filter(seq -> !seen.contains(seq)).count();
        List<Reconnect> reconnects = reconnects(attempts);
        int late = 0;
        long longest = 0;
        for (Reconnect r : reconnects) {
            longest = Math.max(longest, r.tookMillis());
            if (r.overHintMillis() > RECONNECT_SLACK_MILLIS) {
                late++;
            }
        }
        String detail = outcome == Watcher.Outcome.FAILED ? failure : "";
        return new WatchReport.Instance(
                instanceId,
                outcome.name().toLowerCase(Locale.ROOT),
                recorded.size(),
                received.size(),
                missed,
                duplicated,
                outOfOrder,
                reconnects.size(),
                late,
                longest,
                detail);
    }

    /**
     * A reconnection: from the end of a stream to the next stream that opened, with the hint in force at that end;
     * {@code failedAttempts} were refused or broke on the way.
     */
    record Reconnect(long tookMillis, long hintMillis, int failedAttempts) {
        long overHintMillis() {
            return tookMillis - hintMillis;
        }
    }

    static List<Reconnect> reconnects(List<Watcher.Attempt> attempts) {
        List<Reconnect> reconnects = new ArrayList<>();
        for (int i = 0; i + 1 < attempts.size(); i++) {
            Watcher.Attempt ended = attempts.get(i);
            if (ended.status() != 200) {
                continue;
            }
            int failed = 0;
            int j = i + 1;
            while (j < attempts.size() && attempts.get(j).status() != 200) {
                failed++;
                j++;
            }
            if (j < attempts.size()) {
                reconnects.add(new Reconnect(
                        (attempts.get(j).answeredNanos() - ended.endedNanos()) / 1_000_000,
                        ended.retryAtEndMillis(),
                        failed));
            }
            i = j - 1;
        }
        return reconnects;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
