package io.quiesce.devservices.telemetry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Spans as an indented tree, children and events in time order: what a newcomer reads to see a shutdown's timeline.
 * Each line: name, duration, offset from the earliest span's start, then the attributes worth reading ({@code quiesce.*}
 * with the prefix dropped, the HTTP status, errors, Temporal's workflow id). When the spans come from more than one
 * process (a workflow step run on another server), each line also names its process.
 * <pre>
 * shutdown                  5712.3 ms     +0.0 ms  shutdown.trigger=SIGTERM shutdown.exit_code=0
 *   shutdown.stop-intake       1.2 ms     +0.1 ms
 *   shutdown.delay          5000.0 ms     +1.4 ms
 *     * readiness.down                    +0.2 ms
 *   shutdown.http-drain      710.9 ms  +5001.4 ms  http.drained=3 http.outcome=drained
 * </pre>
 */
public final class SpanTree {

    private static final String QUIESCE = "quiesce.";
    private static final Set<String> SHOWN = Set.of(
            "http.response.status_code", "error.type", "exception.type", "exception.message", "workflowId", "failed");

    private final Map<String, Span> byId = new HashMap<>();
    private final Map<String, List<Span>> children = new HashMap<>();
    private final Predicate<String> shownAttribute;
    private final boolean manyProcesses;
    private final long origin;
    private final List<String[]> rows = new ArrayList<>();

    private SpanTree(Collection<Span> spans, Predicate<String> shownAttribute) {
        this.shownAttribute = shownAttribute;
        for (Span span : spans) {
            byId.put(key(span.traceId(), span.spanId()), span);
        }
        for (Span span : spans) {
            if (!isTop(span)) {
                children.computeIfAbsent(key(span.traceId(), span.parentSpanId()), k -> new ArrayList<>())
                        .add(span);
            }
        }
        manyProcesses = spans.stream().map(SpanTree::process).distinct().count() > 1;
        origin = spans.stream().mapToLong(Span::startEpochNanos).min().orElse(0);
    }

    public static String render(Collection<Span> spans) {
        return render(spans, SpanTree::shownByDefault);
    }

    public static String render(Collection<Span> spans, Predicate<String> shownAttribute) {
        SpanTree tree = new SpanTree(spans, shownAttribute);
        spans.stream().filter(tree::isTop).sorted(byStart()).forEach(root -> tree.add(root, 0));
        return tree.format();
    }

    static boolean shownByDefault(String key) {
        return key.startsWith(QUIESCE) || SHOWN.contains(key);
    }

    private boolean isTop(Span span) {
        return span.isRoot() || !byId.containsKey(key(span.traceId(), span.parentSpanId()));
    }

    private void add(Span span, int depth) {
        StringBuilder details = new StringBuilder(attributes(span.attributes()));
        if ("ERROR".equals(span.statusCode())) {
            append(
                    details,
                    "status=ERROR" + (span.statusMessage().isEmpty() ? "" : " " + quoted(span.statusMessage())));
        }
        if (!span.isRoot() && depth == 0) {
            append(details, "(parent " + span.parentSpanId() + " not received)");
        }
        if (manyProcesses) {
            details.insert(0, "[" + process(span) + "]" + (details.isEmpty() ? "" : " "));
        }
        rows.add(new String[] {
            "  ".repeat(depth) + span.name(),
            millis(span.endEpochNanos() - span.startEpochNanos()) + " ms",
            "+" + millis(span.startEpochNanos() - origin) + " ms",
            details.toString()
        });
        // Events and child spans interleaved by time: a timeline, not two lists.
        List<Object> entries = new ArrayList<>(span.events());
        entries.addAll(children.getOrDefault(key(span.traceId(), span.spanId()), List.of()));
        entries.sort(Comparator.comparingLong(SpanTree::time));
        for (Object entry : entries) {
            if (entry instanceof SpanEvent event) {
                rows.add(new String[] {
                    "  ".repeat(depth + 1) + "* " + event.name(),
                    "",
                    "+" + millis(event.epochNanos() - origin) + " ms",
                    attributes(event.attributes())
                });
            } else {
                add((Span) entry, depth + 1);
            }
        }
    }

    private String format() {
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        String pattern = "%-" + widths[0] + "s  %" + widths[1] + "s  %" + widths[2] + "s  %s";
        return rows.stream()
                .map(row -> String.format(Locale.ROOT, pattern, (Object[]) row).stripTrailing())
                .collect(Collectors.joining("\n", "", rows.isEmpty() ? "" : "\n"));
    }

    private String attributes(Map<String, Object> attributes) {
        StringBuilder out = new StringBuilder();
        // A stable order to read and compare: the span's own attributes, then its counts, each alphabetically.
        attributes.keySet().stream()
                .filter(shownAttribute)
                .sorted(Comparator.comparing((String key) -> key.startsWith(QUIESCE + "count."))
                        .thenComparing(key -> key))
                .forEach(key -> append(
                        out,
                        (key.startsWith(QUIESCE) ? key.substring(QUIESCE.length()) : key) + "="
                                + value(attributes.get(key))));
        return out.toString();
    }

    private static String value(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SpanTree::value).collect(Collectors.joining(",", "[", "]"));
        }
        return quoted(String.valueOf(value));
    }

    private static String quoted(String value) {
        boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"');
        return plain ? value : '"' + value.replace("\"", "\\\"") + '"';
    }

    private static void append(StringBuilder out, String part) {
        out.append(out.isEmpty() ? "" : " ").append(part);
    }

    /** The pod name in Kubernetes, else the SDK's instance id, else host and pid: what tells two servers apart. */
    static String process(Span span) {
        Map<String, Object> resource = span.resource();
        for (String key : List.of("k8s.pod.name", "service.instance.id")) {
            if (resource.get(key) != null) {
                return String.valueOf(resource.get(key));
            }
        }
        String hostAndPid = Stream.of(resource.get("host.name"), resource.get("process.pid"))
                .filter(Objects::nonNull)
                .map(String::valueOf)
                .collect(Collectors.joining(" pid "));
        return hostAndPid.isEmpty() ? span.serviceName() : hostAndPid;
    }

    private static long time(Object entry) {
        return entry instanceof SpanEvent event ? event.epochNanos() : ((Span) entry).startEpochNanos();
    }

    private static Comparator<Span> byStart() {
        return Comparator.comparingLong(Span::startEpochNanos);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1_000_000.0);
    }

    private static String key(String traceId, String spanId) {
        return traceId + "/" + spanId;
    }
}
