package io.quiesce.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.jobs.telemetry.JobsTelemetryNames;
import io.quiesce.lifecycle.telemetry.TelemetryNames;
import io.quiesce.workflow.telemetry.WorkflowTelemetryNames;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard against the metrics the code emits: every panel queries a metric that exists (under the name
 * Prometheus gives an OTLP metric), every metric has a panel, and docs/telemetry.md explains every panel.
 */
class DashboardTest {

    private static final Path DASHBOARD = Path.of("..", "kubernetes", "dashboards", "quiesce-grafana.json");
    private static final Path TELEMETRY_DOC = Path.of("..", "docs", "telemetry.md");
    private static final Pattern FAMILY = Pattern.compile("\\b(?:quiesce|http_server)_[a-z_]+");
    /** Attribute labels match the same pattern as metric names. */
    private static final Set<String> LABELS = Set.of(
            "quiesce_phase",
            "quiesce_outcome",
            "quiesce_ended_by",
            "quiesce_state",
            "quiesce_job_kind",
            "quiesce_job_outcome",
            "quiesce_activity_outcome",
            "quiesce_instance_status",
            "quiesce_reason",
            "quiesce_callback_outcome");

    /** OpenTelemetry name and unit of every metric Quiesce emits. */
    private static final Map<String, String> METRICS = Map.ofEntries(
            Map.entry(TelemetryNames.METRIC_ACTIVE_REQUESTS, TelemetryNames.UNIT_REQUEST),
            Map.entry(TelemetryNames.METRIC_SERVED_WHILE_DRAINING, TelemetryNames.UNIT_REQUEST),
            Map.entry(TelemetryNames.METRIC_LIFECYCLE_STATE, TelemetryNames.UNIT_STATE),
            Map.entry(TelemetryNames.METRIC_STREAMS_OPEN, TelemetryNames.UNIT_STREAM),
            Map.entry(TelemetryNames.METRIC_STREAMS_ENDED, TelemetryNames.UNIT_STREAM),
            Map.entry(TelemetryNames.METRIC_STREAMS_REFUSED, TelemetryNames.UNIT_STREAM),
            Map.entry(TelemetryNames.METRIC_PHASE_DURATION, TelemetryNames.UNIT_SECONDS),
            Map.entry(TelemetryNames.METRIC_SHUTDOWN_DURATION, TelemetryNames.UNIT_SECONDS),
            Map.entry(TelemetryNames.METRIC_DELAY_NEW_CONNECTIONS, TelemetryNames.UNIT_CONNECTION),
            Map.entry(TelemetryNames.METRIC_HTTP_LIMIT, TelemetryNames.UNIT_REQUEST),
            Map.entry(TelemetryNames.METRIC_HTTP_REFUSED, TelemetryNames.UNIT_REQUEST),
            Map.entry(TelemetryNames.METRIC_HTTP_QUEUE_DELAY, TelemetryNames.UNIT_SECONDS),
            Map.entry(JobsTelemetryNames.JOBS_RUNNING, JobsTelemetryNames.UNIT_JOB),
            Map.entry(JobsTelemetryNames.JOBS_RECOVERED, JobsTelemetryNames.UNIT_JOB),
            Map.entry(JobsTelemetryNames.JOBS_INTERRUPTED, JobsTelemetryNames.UNIT_JOB),
            Map.entry(JobsTelemetryNames.JOBS_ABANDONED, JobsTelemetryNames.UNIT_JOB),
            Map.entry(JobsTelemetryNames.SCHEDULE_FIRES, JobsTelemetryNames.UNIT_FIRE),
            Map.entry(JobsTelemetryNames.SCHEDULE_LATENESS, TelemetryNames.UNIT_SECONDS),
            Map.entry(WorkflowTelemetryNames.ACTIVITIES_RUNNING, WorkflowTelemetryNames.UNIT_ACTIVITY),
            Map.entry(WorkflowTelemetryNames.ACTIVITIES_DRAINED, WorkflowTelemetryNames.UNIT_ACTIVITY),
            Map.entry(WorkflowTelemetryNames.ACTIVITIES_ABANDONED, WorkflowTelemetryNames.UNIT_ACTIVITY),
            Map.entry(WorkflowTelemetryNames.INSTANCES, WorkflowTelemetryNames.UNIT_INSTANCE),
            Map.entry(TelemetryNames.METRIC_ASYNC_TASKS, TelemetryNames.UNIT_TASK),
            Map.entry(TelemetryNames.METRIC_ASYNC_TASKS_ENDED, TelemetryNames.UNIT_TASK),
            Map.entry(WorkflowTelemetryNames.CALLBACKS_IN_FLIGHT, WorkflowTelemetryNames.UNIT_DELIVERY),
            Map.entry(WorkflowTelemetryNames.CALLBACKS_ATTEMPTS, WorkflowTelemetryNames.UNIT_DELIVERY));

    /** Prometheus' translation of an OTLP metric name: dots to underscores, seconds as a suffix ({...} units drop). */
    private static String family(String name, String unit) {
        return name.replace('.', '_') + (unit.equals(TelemetryNames.UNIT_SECONDS) ? "_seconds" : "");
    }

    private static String stripSeriesSuffix(String series) {
        for (String suffix : List.of("_bucket", "_sum", "_count", "_total")) {
            if (series.endsWith(suffix)) {
                return series.substring(0, series.length() - suffix.length());
            }
        }
        return series;
    }

    private static List<JsonObject> panels() throws IOException {
        try (var reader = Json.createReader(new StringReader(Files.readString(DASHBOARD)))) {
            return reader.readObject().getJsonArray("panels").stream()
                    .map(JsonValue::asJsonObject)
                    .filter(p -> !p.getString("type").equals("row"))
                    .toList();
        }
    }

    private static Set<String> queried(JsonObject panel) {
        Set<String> families = new HashSet<>();
        for (JsonValue target : panel.getJsonArray("targets")) {
            Matcher m = FAMILY.matcher(target.asJsonObject().getString("expr"));
            while (m.find()) {
                families.add(stripSeriesSuffix(m.group()));
            }
        }
        return families;
    }

    @Test
    void everyPanelQueriesMetricsThatExistAndEveryMetricHasAPanel() throws IOException {
        Set<String> emitted = METRICS.entrySet().stream()
                .map(e -> family(e.getKey(), e.getValue()))
                .collect(Collectors.toSet());
        Set<String> used = new HashSet<>();
        for (JsonObject panel : panels()) {
            Set<String> families =
                    queried(panel).stream().filter(f -> !LABELS.contains(f)).collect(Collectors.toSet());
            assertThat(families)
                    .as("metrics of panel %s", panel.getString("title"))
                    .isNotEmpty()
                    .isSubsetOf(emitted);
            used.addAll(families);
        }
        assertThat(used).as("metrics with a panel").containsExactlyInAnyOrderElementsOf(emitted);
    }

    @Test
    void theReadmeExplainsEveryPanel() throws IOException {
        String readme = Files.readString(TELEMETRY_DOC);
        for (JsonObject panel : panels()) {
            assertThat(readme)
                    .as("docs/telemetry.md paragraph for panel %s", panel.getString("title"))
                    .contains("**" + panel.getString("title") + "**");
        }
    }
}
