package io.quiesce.rehearsal.report;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the database says about the rehearsal's workflow instances and schedule fires: the record of what was lost. */
public final class DatabaseAudit {

    /**
     * @param accepted       instances the API answered 202 (or 200 replayed) for
     * @param missing        accepted ones without a row
     * @param stepsMissing   completed instances with fewer step records than steps
     * @param stepsDuplicated step records of one step more than once
     * @param stepsRerun     steps whose recorded attempt is above 1: an activity that ran again after a lost worker
     * @param byRelease      by code version: the instances its servers started, and the steps its workers ran
     */
    public record Workflows(
            int accepted,
            int missing,
            Map<String, Integer> byStatus,
            int stuck,
            int stepsMissing,
            int stepsDuplicated,
            int stepsRerun,
            Map<String, ReleaseWork> byRelease) {}

    /**
     * @param started instances started by the release's servers, by status
     * @param steps   step records its workers wrote; {@code stepsRerun} of them on an attempt above 1
     */
    public record ReleaseWork(Map<String, Integer> started, int steps, int stepsRerun) {}

    /**
     * @param firedByRelease fires by the release of the server that started their instance
     * @param doubled        fire times started more than once, with the releases that started them
     * @param maxLateMillis  the longest delay from a fire time to its instance's creation
     */
    public record Schedule(
            String id,
            int expected,
            int fired,
            Map<String, Integer> firedByRelease,
            List<String> missed,
            List<String> doubled,
            long maxLateMillis) {}

    /**
     * A migration applied during the rehearsal: what the first pod of the new release did to the old one's schema.
     *
     * @param installedOn ISO-8601
     */
    public record AppliedScript(String version, String description, String installedOn) {

        public Instant installedAt() {
            return Instant.parse(installedOn);
        }
    }

    /** A release's label for rows written before code versions were kept. */
    static final String NO_VERSION = "(none)";

    private final String url;
    private final String user;
    private final String password;

    public DatabaseAudit(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public int running(String keyPrefix, String scheduleId) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM workflow_instance WHERE status = 'RUNNING' AND (idempotency_key LIKE ? OR schedule_id = ?)")) {
            s.setString(1, keyPrefix + "%");
            s.setString(2, scheduleId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    public Workflows workflows(String keyPrefix, String scheduleId, Set<String> acceptedKeys, int steps)
            throws SQLException {
        try (Connection c = connect()) {
            Map<String, Integer> byStatus = new TreeMap<>();
            Set<String> present = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT idempotency_key, status FROM workflow_instance WHERE idempotency_key LIKE ?")) {
                s.setString(1, keyPrefix + "%");
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        present.add(r.getString(1));
                        byStatus.merge(r.getString(2), 1, Integer::sum);
                    }
                }
            }
            int missing = (int)
                    acceptedKeys.stream().filter(key -> !present.contains(key)).count();
            String mine = "(i.idempotency_key LIKE ? OR i.schedule_id = ?)";
            int stuck = count(
                    c,
                    "SELECT count(*) FROM workflow_instance i WHERE status = 'RUNNING' AND " + mine,
                    keyPrefix,
                    scheduleId);
            int stepsMissing = count(
                    c,
                    "SELECT count(*) FROM workflow_instance i WHERE i.status = 'COMPLETED' AND i.idempotency_key LIKE ?"
                            + " AND (SELECT count(*) FROM step_execution e WHERE e.instance_id = i.id) < " + steps,
                    keyPrefix);
            int duplicated = count(
                    c,
                    "SELECT count(*) FROM (SELECT e.instance_id, e.step FROM step_execution e JOIN workflow_instance i"
                            + " ON i.id = e.instance_id WHERE " + mine
                            + " GROUP BY e.instance_id, e.step HAVING count(*) > 1) d",
                    keyPrefix,
                    scheduleId);
            int rerun = count(
                    c,
                    "SELECT count(*) FROM step_execution e JOIN workflow_instance i ON i.id = e.instance_id"
                            + " WHERE e.attempt > 1 AND " + mine,
                    keyPrefix,
                    scheduleId);
            return new Workflows(
                    acceptedKeys.size(),
                    missing,
                    byStatus,
                    stuck,
                    stepsMissing,
                    duplicated,
                    rerun,
                    byRelease(c, mine, keyPrefix, scheduleId));
        }
    }

    private static Map<String, ReleaseWork> byRelease(Connection c, String mine, String keyPrefix, String scheduleId)
            throws SQLException {
        Map<String, Map<String, Integer>> started = new TreeMap<>();
        try (PreparedStatement s =
                c.prepareStatement("SELECT i.code_version, i.status, count(*) FROM workflow_instance i" + " WHERE "
                        + mine + " GROUP BY 1, 2")) {
            s.setString(1, keyPrefix + "%");
            s.setString(2, scheduleId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    started.computeIfAbsent(release(r.getString(1)), k -> new TreeMap<>())
                            .put(r.getString(2), r.getInt(3));
                }
            }
        }
        Map<String, int[]> steps = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT e.code_version, count(*), count(*) FILTER (WHERE"
                + " e.attempt > 1) FROM step_execution e JOIN workflow_instance i ON i.id = e.instance_id WHERE " + mine
                + " GROUP BY 1")) {
            s.setString(1, keyPrefix + "%");
            s.setString(2, scheduleId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    steps.put(release(r.getString(1)), new int[] {r.getInt(2), r.getInt(3)});
                }
            }
        }
        Map<String, ReleaseWork> byRelease = new TreeMap<>();
        Set<String> releases = new TreeSet<>(started.keySet());
        releases.addAll(steps.keySet());
        for (String release : releases) {
            int[] counts = steps.getOrDefault(release, new int[2]);
            byRelease.put(release, new ReleaseWork(started.getOrDefault(release, Map.of()), counts[0], counts[1]));
        }
        return byRelease;
    }

    /** Every instance the rehearsal started, through the API or the schedule: the workflow ids to audit. */
    public List<String> instanceIds(String keyPrefix, String scheduleId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT id FROM workflow_instance WHERE idempotency_key LIKE ? OR schedule_id = ? ORDER BY id")) {
            s.setString(1, keyPrefix + "%");
            s.setString(2, scheduleId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * Flyway's successful migrations installed at or after {@code since}, in order. Its {@code installed_on} is a local
     * time of the database's time zone, read here as an instant.
     */
    public List<AppliedScript> appliedSince(Instant since) throws SQLException {
        List<AppliedScript> applied = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT version, description, extract(epoch FROM"
                        + " (installed_on AT TIME ZONE current_setting('TimeZone'))) * 1000 FROM flyway_schema_history"
                        + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Instant installed = Instant.ofEpochMilli(r.getBigDecimal(3).longValue());
                    if (!installed.isBefore(since)) {
                        applied.add(new AppliedScript(r.getString(1), r.getString(2), installed.toString()));
                    }
                }
            }
        }
        return applied;
    }

    private static String release(String codeVersion) {
        return codeVersion == null ? NO_VERSION : codeVersion;
    }

    /** Every fire time on the schedule's grid from its first after {@code created} to {@code until} must have fired once. */
    public Schedule schedule(String id, Instant created, Instant until, Duration every) throws SQLException {
        Map<Instant, Integer> fires = new HashMap<>();
        Map<Instant, List<String>> firedBy = new HashMap<>();
        Map<String, Integer> firedByRelease = new TreeMap<>();
        long maxLate = 0;
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT scheduled_fire_time, created_at, code_version FROM"
                        + " workflow_instance WHERE schedule_id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Instant fire = r.getTimestamp(1).toInstant();
                    fires.merge(fire, 1, Integer::sum);
                    firedBy.computeIfAbsent(fire, k -> new ArrayList<>()).add(release(r.getString(3)));
                    firedByRelease.merge(release(r.getString(3)), 1, Integer::sum);
                    maxLate = Math.max(
                            maxLate,
                            Duration.between(fire, r.getTimestamp(2).toInstant())
                                    .toMillis());
                }
            }
        }
        long step = every.toMillis();
        List<String> missed = new ArrayList<>();
        int expected = 0;
        for (long t = (created.toEpochMilli() / step + 1) * step; t <= until.toEpochMilli(); t += step) {
            expected++;
            if (!fires.containsKey(Instant.ofEpochMilli(t))) {
                missed.add(Instant.ofEpochMilli(t).toString());
            }
        }
        List<String> doubled = fires.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue() + " " + firedBy.get(e.getKey()))
                .sorted()
                .toList();
        return new Schedule(id, expected, fires.size(), firedByRelease, missed, doubled, maxLate);
    }

    private static int count(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
