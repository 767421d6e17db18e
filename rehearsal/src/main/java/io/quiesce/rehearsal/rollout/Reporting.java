package io.quiesce.rehearsal.rollout;

import io.quiesce.lifecycle.config.Durations;
import io.quiesce.rehearsal.balancer.HaProxy;
import io.quiesce.rehearsal.callback.CallbackAudit;
import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.pod.Pod;
import io.quiesce.rehearsal.report.DatabaseAudit;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.testkit.OpenLoad;
import io.quiesce.testkit.ProcessStats;
import io.quiesce.testkit.Stats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Turns what the clients, HAProxy, the pods and the database saw into the report, and decides what was lost. */
final class Reporting {

    private static final String NO_ENDPOINT = "(none)";

    private final RehearsalConfig config;
    private final List<Pod> pods;
    private final List<OpenLoad.Outcome> outcomes;
    private final int unsent;
    private final int connections;
    private final int staleConnections;
    private final Map<Integer, String> podByConnection = new HashMap<>();
    private final Map<Integer, String> terminationByConnection = new HashMap<>();

    Reporting(
            RehearsalConfig config,
            List<Pod> pods,
            Map<Integer, Deque<HaProxy.LoggedConnection>> logged,
            List<OpenLoad.Outcome> outcomes,
            int unsent,
            int connections,
            int staleConnections) {
        this.config = config;
        this.pods = pods;
        this.outcomes = outcomes;
        this.unsent = unsent;
        this.connections = connections;
        this.staleConnections = staleConnections;
        attribute(logged);
    }

    /**
     * HAProxy logs a connection when it closes; connections that shared a client port did so one after another, so
     * the n-th connection on a port is the port's n-th log line.
     */
    private void attribute(Map<Integer, Deque<HaProxy.LoggedConnection>> logged) {
        Map<Integer, Deque<HaProxy.LoggedConnection>> left = new HashMap<>();
        logged.forEach((port, lines) -> left.put(port, new ArrayDeque<>(lines)));
        Map<Integer, String> slots = new HashMap<>();
        pods.forEach(pod -> slots.put(pod.slot(), pod.name()));
        Map<Integer, Integer> portOfConnection = new TreeMap<>();
        outcomes.stream()
                .filter(o -> o.clientPort() > 0)
                .forEach(o -> portOfConnection.putIfAbsent(o.connection(), o.clientPort()));
        portOfConnection.forEach((connection, port) -> {
            HaProxy.LoggedConnection line =
                    left.getOrDefault(port, new ArrayDeque<>()).poll();
            if (line != null) {
                String slot = line.slot().startsWith("pod") ? line.slot().substring(3) : "";
                podByConnection.put(
                        connection,
                        slot.matches("\\d+") ? slots.getOrDefault(Integer.parseInt(slot), line.slot()) : NO_ENDPOINT);
                terminationByConnection.put(connection, line.terminationState());
            }
        });
    }

    RunReport report(
            DatabaseAudit.Workflows workflows,
            DatabaseAudit.Schedule schedule,
            CallbackAudit.Callbacks callbacks,
            Duration took) {
        List<String> losses = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        RunReport.Requests requests = requests();
        int failed = requests.arrived() - requests.succeeded() - requests.unsent();
        if (failed > 0) {
            losses.add(failed + " requests failed " + requests.failuresByKind() + " on " + requests.failuresByPod());
        }
        if (unsent > 0) {
            losses.add(unsent + " requests never sent: all " + config.maxConnections() + " connections were busy"
                    + " (raise quiesce.rehearsal.max-connections or lower the rate)");
        }
        List<RunReport.PodResult> results = pods.stream().map(this::result).toList();
        for (RunReport.PodResult pod : results) {
            if (pod.deleted() && (pod.sigkilled() || pod.exitCode() == null || pod.exitCode() != 0)) {
                losses.add(pod.name() + " exited with " + pod.exitCode()
                        + (pod.sigkilled() ? " after SIGKILL at the grace period" : ""));
            }
            if (pod.readinessRemovalsWhileServing() > 0) {
                warnings.add(pod.name() + " failed its readiness probe " + pod.readinessRemovalsWhileServing()
                        + " time(s) while serving and left the balancer");
            }
            if (pod.livenessFailures() > 0) {
                warnings.add(pod.name() + " failed its liveness probe " + pod.livenessFailures()
                        + " time(s): Kubernetes would have restarted it");
            }
        }
        if (workflows.missing() > 0) {
            losses.add(workflows.missing() + " accepted instances have no row");
        }
        if (workflows.stuck() > 0) {
            losses.add(
                    workflows.stuck() + " instances still RUNNING after " + Durations.format(config.settleTimeout()));
        }
        workflows.byStatus().forEach((status, count) -> {
            if (!status.equals("COMPLETED") && !status.equals("RUNNING")) {
                losses.add(count + " instances " + status);
            }
        });
        if (workflows.stepsMissing() > 0) {
            losses.add(workflows.stepsMissing() + " completed instances lack step records");
        }
        if (workflows.stepsDuplicated() + workflows.stepsRerun() > 0) {
            losses.add(workflows.stepsDuplicated() + " step records duplicated, " + workflows.stepsRerun()
                    + " steps run again (attempt > 1)");
        }
        if (!schedule.missed().isEmpty() || !schedule.doubled().isEmpty()) {
            losses.add("schedule fires missed " + schedule.missed() + ", doubled " + schedule.doubled());
        }
        if (schedule.expected() == 0) {
            losses.add("the schedule had no fire time to check: the rehearsal was too short");
        }
        losses.addAll(callbacks.losses());
        return new RunReport(
                config.overlay(),
                config.podSource(),
                settings(),
                requests,
                results,
                workflows,
                schedule,
                callbacks,
                losses,
                warnings,
                took.toSeconds());
    }

    private RunReport.Requests requests() {
        Map<String, Integer> byOutcome = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        Map<String, Integer> byPod = new TreeMap<>();
        Map<String, List<Double>> latencies = new TreeMap<>();
        List<String> firstFailures = new ArrayList<>();
        int succeeded = 0;
        for (OpenLoad.Outcome o : outcomes.stream()
                .sorted(Comparator.comparingLong(OpenLoad.Outcome::seq))
                .toList()) {
            OpenLoad.Failure failure = failureOf(o);
            byOutcome.merge(
                    failure == null || failure == OpenLoad.Failure.NON_2XX
                            ? Integer.toString(o.status())
                            : failure.name().toLowerCase(Locale.ROOT),
                    1,
                    Integer::sum);
            if (failure == null) {
                succeeded++;
                latencies.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o.latencyMillis());
                continue;
            }
            String pod = podByConnection.getOrDefault(o.connection(), "(unknown)");
            byKind.merge(failure.name().toLowerCase(Locale.ROOT).replace('_', '-'), 1, Integer::sum);
            byPod.merge(pod, 1, Integer::sum);
            if (firstFailures.size() < 10) {
                firstFailures.add(String.format(
                        Locale.ROOT,
                        "#%d %s on %s after %.0f ms: %s",
                        o.seq(),
                        o.kind(),
                        pod,
                        o.latencyMillis(),
                        o.error() != null ? o.error() : o.status() + " " + abbreviate(o.body())));
            }
        }
        Map<String, RunReport.Latency> latency = new LinkedHashMap<>();
        latencies.forEach((kind, values) -> latency.put(
                kind,
                new RunReport.Latency(
                        values.size(), Stats.percentile(values, 50), Stats.percentile(values, 99), Stats.max(values))));
        return new RunReport.Requests(
                outcomes.size() + unsent,
                succeeded,
                unsent,
                connections,
                staleConnections,
                byOutcome,
                byKind,
                byPod,
                latency,
                firstFailures);
    }

    /** A connection HAProxy could not connect to a server ({@code SC}) was refused, whatever the client saw of it. */
    private OpenLoad.Failure failureOf(OpenLoad.Outcome o) {
        if (o.failure() != null
                && o.failure() != OpenLoad.Failure.NON_2XX
                && terminationByConnection.getOrDefault(o.connection(), "").startsWith("SC")
                && o.firstOnConnection()) {
            return OpenLoad.Failure.REFUSED;
        }
        return o.failure();
    }

    private RunReport.PodResult result(Pod pod) {
        long toReady = pod.readyNanos() == 0 ? -1 : (pod.readyNanos() - pod.createdNanos()) / 1_000_000;
        long termToExit = pod.exitNanos() == 0 || pod.sigtermNanos() == 0
                ? -1
                : (pod.exitNanos() - pod.sigtermNanos()) / 1_000_000;
        return new RunReport.PodResult(
                pod.name(),
                toReady,
                pod.atReady().map(ProcessStats::cpuSeconds).orElse(-1.0),
                pod.atReady().map(ProcessStats::rssMegabytes).orElse(-1L),
                pod.readinessRemovals(),
                pod.livenessFailures(),
                pod.deleted(),
                termToExit,
                pod.exitCode().orElse(null),
                pod.sigkilled());
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("replicas", config.replicas());
        s.put("maxSurge", config.maxSurge());
        s.put("maxUnavailable", config.maxUnavailable());
        s.put("replacements", config.replacements());
        s.put("rate", config.rate());
        s.put("callbackShare", config.callbackShare() + "%");
        s.put("grace", Durations.format(config.gracePeriod()));
        s.put("preStop", Durations.format(config.preStopSleep()));
        s.put("app.delay", Durations.format(config.appBudget().delay()));
        s.put("app.drain", Durations.format(config.appBudget().drainTimeout()));
        s.put("app.grace", Durations.format(config.appBudget().gracePeriod()));
        s.put("endpointAdd", Durations.format(config.endpointAddDelay()));
        s.put(
                "endpointRemove",
                Durations.format(config.endpointRemoveDelayMin()) + ".."
                        + Durations.format(config.endpointRemoveDelayMax()));
        config.readiness()
                .ifPresent(r -> s.put(
                        "readiness",
                        Durations.format(r.period()) + "/" + Durations.format(r.timeout()) + " x"
                                + r.failureThreshold()));
        return s;
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replace('\n', ' ');
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}
