package io.quiesce.rehearsal.callback;

import io.quiesce.testkit.CallbackReceiver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What happened to the completion callbacks the rehearsal asked for, from the database and the receiver: per instance
 * that ended, the deliveries received (more than one is a duplicate, which at-least-once delivery allows and a receiver
 * de-duplicates by id) and the ones missing (none received: a loss).
 */
public final class CallbackAudit {

    /**
     * @param requested         accepted starts that asked for a callback
     * @param unrecorded        of those, instances without a callback row (the request's callback was lost)
     * @param ended             instances that ended (the ones a delivery is owed for)
     * @param received          deliveries the receiver got for them
     * @param duplicates        deliveries beyond the first per instance
     * @param missing           ended instances whose callback never arrived
     * @param invalidSignatures deliveries whose signature did not verify
     * @param byState           callback rows by state
     */
    public record Callbacks(
            int requested,
            int unrecorded,
            int ended,
            int received,
            int duplicates,
            int missing,
            int invalidSignatures,
            Map<String, Integer> byState,
            String off) {

        public static final Callbacks NONE = off("");

        public Callbacks {
            off = off == null ? "" : off;
        }

        /** No callbacks asked for in this run, and why (a release in the rollout cannot take them); empty: none asked. */
        public static Callbacks off(String why) {
            return new Callbacks(0, 0, 0, 0, 0, 0, 0, Map.of(), why);
        }

        /** What counts as lost, in words; empty when nothing was. */
        public List<String> losses() {
            List<String> losses = new java.util.ArrayList<>();
            if (unrecorded > 0) {
                losses.add(unrecorded + " accepted instances lack the callback their start asked for");
            }
            if (missing > 0) {
                losses.add(missing + " instances ended without their callback arriving " + byState);
            }
            if (invalidSignatures > 0) {
                losses.add(invalidSignatures + " callbacks arrived with a signature that does not verify");
            }
            return losses;
        }
    }

    private final String url;
    private final String user;
    private final String password;

    public CallbackAudit(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Callbacks of {@code keys} still owed: instances running, or ended with the delivery not yet final. */
    public int outstanding(Set<String> keys) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s =
                        c.prepareStatement("SELECT count(*) FROM workflow_instance i JOIN instance_callback"
                                + " cb ON cb.instance_id = i.id WHERE i.idempotency_key = ANY (?)"
                                + " AND cb.state IN ('WAITING', 'PENDING')")) {
            s.setArray(1, c.createArrayOf("varchar", keys.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    public Callbacks audit(Set<String> keys, CallbackReceiver receiver) throws SQLException {
        Map<String, Integer> received = receiver.countsByInstance();
        int invalid = (int)
                receiver.deliveries().stream().filter(d -> !d.signatureValid()).count();
        Map<String, Integer> byState = new TreeMap<>();
        int recorded = 0;
        int ended = 0;
        int got = 0;
        int duplicates = 0;
        int missing = 0;
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement("SELECT i.id, i.status, cb.state FROM workflow_instance i"
                        + " JOIN instance_callback cb ON cb.instance_id = i.id WHERE i.idempotency_key = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", keys.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    recorded++;
                    byState.merge(r.getString(3), 1, Integer::sum);
                    if (r.getString(2).equals("RUNNING")) {
                        continue;
                    }
                    ended++;
                    int n = received.getOrDefault(r.getString(1), 0);
                    got += n;
                    duplicates += Math.max(0, n - 1);
                    missing += n == 0 ? 1 : 0;
                }
            }
        }
        return new Callbacks(
                keys.size(), keys.size() - recorded, ended, got, duplicates, missing, invalid, byState, "");
    }
}
