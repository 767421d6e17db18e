package io.quiesce.database.gate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration rule of a rolling update: the first pod of the new release migrates the database while pods of the
 * release in production still serve from it, so a script that release does not have may only expand the schema. A new
 * script must not drop or rename a table or column, change a column's type, or add NOT NULL without a default (or make
 * an existing column NOT NULL): the running release reads and writes the old shape. Such a change ships as expand and
 * contract: the expand step (new column or table, both shapes written) in one release, the contract step (the drop) in a
 * later one, marked {@value #MARKER} {@code expand=<expand script>}, which is accepted only once the expand script is in
 * the released commit. Scripts that were released may not change or disappear either: Flyway refuses to start on every
 * database that applied them.
 */
final class MigrationRule {

    static final String MARKER = "-- quiesce:contract";

    private static final String ID = "(\"(?:[^\"]|\"\")+\"|[\\w$.]+)";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern MARKER_LINE = Pattern.compile("^\\s*--\\s*quiesce:contract\\b(.*)$", FLAGS);
    private static final Pattern EXPAND = Pattern.compile("\\s+expand=(\\S+\\.sql)\\s*", FLAGS);
    private static final Pattern ALTER_TABLE =
            Pattern.compile("^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?" + ID + "\\s*\\*?(.*)$", FLAGS);
    private static final Pattern DROP_OBJECT = Pattern.compile(
            "^DROP\\s+(TABLE|VIEW|MATERIALIZED\\s+VIEW|SEQUENCE|SCHEMA|TYPE|DOMAIN)\\s+(?:IF\\s+EXISTS\\s+)?([^;]*?)"
                    + "(?:\\s+(?:CASCADE|RESTRICT))?\\s*$",
            FLAGS);
    private static final Pattern RENAME_VIEW = Pattern.compile(
            "^ALTER\\s+(VIEW|MATERIALIZED\\s+VIEW)\\s+(?:IF\\s+EXISTS\\s+)?" + ID + "\\s+(RENAME|SET\\s+SCHEMA)\\b.*$",
            FLAGS);
    private static final Pattern DROP_CONSTRAINT = Pattern.compile("^DROP\\s+CONSTRAINT\\b.*", FLAGS);
    private static final Pattern DROP_COLUMN =
            Pattern.compile("^DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?" + ID + ".*", FLAGS);
    private static final Pattern RENAME_CONSTRAINT = Pattern.compile("^RENAME\\s+CONSTRAINT\\b.*", FLAGS);
    private static final Pattern RENAME_TABLE = Pattern.compile("^RENAME\\s+TO\\s+" + ID + ".*", FLAGS);
    private static final Pattern RENAME_COLUMN =
            Pattern.compile("^RENAME\\s+(?:COLUMN\\s+)?" + ID + "\\s+TO\\s+" + ID + ".*", FLAGS);
    private static final Pattern SET_SCHEMA = Pattern.compile("^SET\\s+SCHEMA\\s+" + ID + ".*", FLAGS);
    private static final Pattern CHANGE_TYPE =
            Pattern.compile("^ALTER\\s+(?:COLUMN\\s+)?" + ID + "\\s+(?:SET\\s+DATA\\s+)?TYPE\\b.*", FLAGS);
    private static final Pattern SET_NOT_NULL =
            Pattern.compile("^ALTER\\s+(?:COLUMN\\s+)?" + ID + "\\s+SET\\s+NOT\\s+NULL\\b.*", FLAGS);
    private static final Pattern ADD_CONSTRAINT =
            Pattern.compile("^ADD\\s+(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE)\\b.*", FLAGS);
    private static final Pattern ADD_COLUMN =
            Pattern.compile("^ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?" + ID + "\\s+(.*)$", FLAGS);
    private static final Pattern NOT_NULL = Pattern.compile("\\bNOT\\s+NULL\\b", FLAGS);
    private static final Pattern DEFAULT = Pattern.compile("\\bDEFAULT\\b", FLAGS);

    /** A script of this checkout: its file name is its Flyway identity, its path is where to find it. */
    record Script(String name, String path, String text) {}

    record Violation(String where, int line, String reason) {
        @Override
        public String toString() {
            return where + ":" + line + ": " + reason;
        }
    }

    /** What the new script does that the running release cannot live with, and why. */
    private record Breaking(int offset, String what, String why) {}

    private final String release;
    private final Map<String, String> released;

    /**
     * @param release  the release in production, for messages (e.g. {@code 0.2.0 (e50742f)})
     * @param released its scripts, file name to text
     */
    MigrationRule(String release, Map<String, String> released) {
        this.release = release;
        this.released = Map.copyOf(released);
    }

    List<Violation> check(Collection<Script> scripts) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Script> byName = new HashMap<>();
        Map<String, Script> byVersion = new HashMap<>();
        for (Script script : scripts) {
            byName.put(script.name(), script);
            String version = script.name().contains("__")
                    ? script.name().substring(0, script.name().indexOf("__")).toUpperCase(Locale.ROOT)
                    : script.name();
            Script same = byVersion.putIfAbsent(version, script);
            if (same != null) {
                violations.add(new Violation(
                        script.path(), 1, "version " + version + " is also " + same.path() + ": Flyway refuses both"));
            }
        }
        released.keySet().stream()
                .filter(name -> !byName.containsKey(name))
                .sorted()
                .forEach(name -> violations.add(new Violation(
                        name,
                        1,
                        "was released in " + release + " and is missing: Flyway refuses to start on every database"
                                + " that applied it; keep it, and undo what it did in a new script")));
        for (Script script :
                scripts.stream().sorted((a, b) -> a.path().compareTo(b.path())).toList()) {
            String shipped = released.get(script.name());
            if (shipped != null) {
                changedLine(shipped, script.text())
                        .ifPresent(
                                line -> violations.add(
                                        new Violation(
                                                script.path(),
                                                line,
                                                "was released in " + release
                                                        + " and has changed: Flyway refuses to start on every"
                                                        + " database that applied it; restore it and change the schema in a new script")));
            } else {
                violations.addAll(checkNew(script));
            }
        }
        return violations;
    }

    private List<Violation> checkNew(Script script) {
        SqlScript sql = SqlScript.of(script.name(), script.text());
        List<Breaking> breaking = new ArrayList<>();
        for (SqlScript.Statement statement : sql.statements()) {
            breaking.addAll(breaking(statement));
        }
        List<Violation> violations = new ArrayList<>();
        Optional<Integer> markerLine = Optional.empty();
        String expand = null;
        String[] lines = script.text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher marker = MARKER_LINE.matcher(lines[i]);
            if (!marker.matches()) {
                continue;
            }
            markerLine = Optional.of(i + 1);
            Matcher names = EXPAND.matcher(marker.group(1));
            if (!names.matches()) {
                violations.add(new Violation(
                        script.path(), i + 1, "a contract marker is written '" + MARKER + " expand=<script>.sql'"));
            } else {
                expand = names.group(1);
            }
        }
        if (expand != null && !released.containsKey(expand)) {
            violations.add(new Violation(
                    script.path(),
                    markerLine.orElse(1),
                    "is marked as the contract step of " + expand + ", which release " + release
                            + " does not contain: ship the expand step in a release first"));
        }
        boolean contract = expand != null && released.containsKey(expand);
        if (!contract) {
            for (Breaking b : breaking) {
                violations.add(new Violation(
                        script.path(),
                        sql.line(b.offset()),
                        b.what() + ": release " + release + " still runs while the first pod of this build migrates, "
                                + b.why() + ". Make it the contract step of an expand/contract change: ship the expand"
                                + " step, then mark this script '" + MARKER + " expand=<expand script>' once the"
                                + " expand step is released"));
            }
        }
        return violations;
    }

    private static List<Breaking> breaking(SqlScript.Statement statement) {
        String code = statement.code();
        List<Breaking> found = new ArrayList<>();
        Matcher drop = DROP_OBJECT.matcher(code);
        if (drop.matches()) {
            String kind = drop.group(1).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            found.add(new Breaking(
                    statement.offset(),
                    "drops " + kind + " "
                            + drop.group(2).replaceAll("\\s+", " ").trim(),
                    "and may still read it"));
            return found;
        }
        Matcher view = RENAME_VIEW.matcher(code);
        if (view.matches()) {
            found.add(new Breaking(
                    statement.offset(),
                    "renames or moves " + view.group(1).toLowerCase(Locale.ROOT) + " " + view.group(2),
                    "and reads it by its old name"));
            return found;
        }
        Matcher alter = ALTER_TABLE.matcher(code);
        if (!alter.matches()) {
            return found;
        }
        String table = alter.group(1);
        int actionsAt = statement.offset() + alter.start(2);
        String actions = alter.group(2);
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= actions.length(); i++) {
            char c = i < actions.length() ? actions.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String action = actions.substring(start, i);
                int lead = 0;
                while (lead < action.length() && Character.isWhitespace(action.charAt(lead))) {
                    lead++;
                }
                action(table, action.substring(lead), actionsAt + start + lead).ifPresent(found::add);
                start = i + 1;
            }
        }
        return found;
    }

    private static Optional<Breaking> action(String table, String action, int offset) {
        Matcher m;
        if (DROP_CONSTRAINT.matcher(action).matches()
                || RENAME_CONSTRAINT.matcher(action).matches()) {
            return Optional.empty();
        }
        if ((m = DROP_COLUMN.matcher(action)).matches()) {
            return Optional.of(
                    new Breaking(offset, "drops column " + table + "." + m.group(1), "and may still read it"));
        }
        if ((m = RENAME_TABLE.matcher(action)).matches()) {
            return Optional.of(new Breaking(
                    offset, "renames table " + table + " to " + m.group(1), "and reads it by its old name"));
        }
        if ((m = RENAME_COLUMN.matcher(action)).matches()) {
            return Optional.of(new Breaking(
                    offset,
                    "renames column " + table + "." + m.group(1) + " to " + m.group(2),
                    "and reads it by its old name"));
        }
        if ((m = SET_SCHEMA.matcher(action)).matches()) {
            return Optional.of(new Breaking(
                    offset, "moves table " + table + " to schema " + m.group(1), "and reads it where it was"));
        }
        if ((m = CHANGE_TYPE.matcher(action)).matches()) {
            return Optional.of(new Breaking(
                    offset, "changes the type of " + table + "." + m.group(1), "and reads and writes the old type"));
        }
        if ((m = SET_NOT_NULL.matcher(action)).matches()) {
            return Optional.of(new Breaking(
                    offset, "makes " + table + "." + m.group(1) + " NOT NULL", "and its inserts may not set it"));
        }
        if (!ADD_CONSTRAINT.matcher(action).matches()
                && (m = ADD_COLUMN.matcher(action)).matches()
                && NOT_NULL.matcher(m.group(2)).find()
                && !DEFAULT.matcher(m.group(2)).find()) {
            return Optional.of(new Breaking(
                    offset,
                    "adds column " + table + "." + m.group(1) + " NOT NULL without a default",
                    "and its inserts do not set it"));
        }
        return Optional.empty();
    }

    /** The first line that differs (line endings aside), if any. */
    private static Optional<Integer> changedLine(String shipped, String now) {
        String[] a = shipped.replace("\r\n", "\n").split("\n", -1);
        String[] b = now.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            if (i >= a.length || i >= b.length || !a[i].equals(b[i])) {
                return Optional.of(i + 1);
            }
        }
        return Optional.empty();
    }
}
