package io.quiesce.rehearsal.rollout;

import io.quiesce.lifecycle.config.DelayMode;
import io.quiesce.lifecycle.config.DelayPolicy;
import io.quiesce.lifecycle.config.Durations;
import io.quiesce.rehearsal.balancer.HaProxy;
import io.quiesce.rehearsal.callback.CallbackAudit;
import io.quiesce.rehearsal.config.PodResources;
import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.delay.DelayOutcome;
import io.quiesce.rehearsal.delay.DelayReport;
import io.quiesce.rehearsal.pod.CgroupUsage;
import io.quiesce.rehearsal.pod.Pod;
import io.quiesce.rehearsal.release.Release;
import io.quiesce.rehearsal.report.DatabaseAudit;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.rehearsal.report.WorkflowTaskAudit;
import io.quiesce.rehearsal.watch.WatchLosses;
import io.quiesce.rehearsal.watch.WatchReport;
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
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns what the clients, HAProxy, the pods, the database and Temporal saw into the report, and decides what was lost.
 * A request counts for the release of the pod whose connection it was on.
 */
final class Reporting {

    private static final String NO_ENDPOINT = "(none)";
    private static final String UNKNOWN_POD = "(unknown)";

    /**
     * An upgrade's releases and what happened to the schema.
     *
     * @param firstMigrationNanos when the first of {@code migrations} was applied ({@link System#nanoTime()}); -1: none
     */
    record UpgradeRun(
            Release from, Release to, List<DatabaseAudit.AppliedScript> migrations, long firstMigrationNanos) {}

    private final RehearsalConfig config;
    private final List<Pod> pods;
    private final List<OpenLoad.Outcome> outcomes;
    private final int unsent;
    private final int connections;
    private final int staleConnections;
    private final Map<String, String> releaseByPod = new HashMap<>();
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
        pods.forEach(pod -> releaseByPod.put(pod.name(), pod.release()));
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
            Optional<UpgradeRun> upgradeRun,
            DatabaseAudit.Workflows workflows,
            WorkflowTaskAudit.WorkflowTasks tasks,
            DatabaseAudit.Schedule schedule,
            WatchReport watches,
            CallbackAudit.Callbacks callbacks,
            RunReport.Capacity capacity,
            Duration took) {
        List<String> losses = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        RunReport.Requests requests = requests();
        RunReport.Upgrade upgrade = upgradeRun.map(this::upgrade).orElse(null);
        RunReport.Overload overload = overload();
        int failed = requests.arrived() - requests.succeeded() - requests.unsent();
        if (overload.expected() && overload.shed() > 0) {
            warnings.add(overload.shed() + " requests shed (503 overloaded with Retry-After) at "
                    + config.capacity().percent() + " % of the measured capacity");
            failed -= overload.shed();
        }
        if (failed > 0) {
            losses.add(failed + " requests failed " + requests.failuresByKind() + " on " + requests.failuresByPod());
        }
        if (overload.balancerEmptyMillis() > 0) {
            losses.add("the Service had no endpoint " + overload.balancerEmptyTimes() + " time(s), "
                    + overload.balancerEmptyMillis() + " ms in all, while the load ran");
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
        if (tasks.failed() > 0) {
            losses.add(tasks.failed() + " workflow tasks failed in " + tasks.instancesWithFailures() + " instances, by "
                    + tasks.failedByPod() + ": a worker could not replay what another release recorded (first: "
                    + tasks.firstFailures().get(0) + ")");
        }
        if (tasks.unreadable() > 0) {
            losses.add(tasks.unreadable() + " instances' histories could not be read from Temporal: their workflow"
                    + " tasks are unknown");
        }
        if (tasks.timedOut() > 0) {
            warnings.add(tasks.timedOut() + " workflow tasks timed out, started by " + tasks.timedOutByPod()
                    + ": each held its instance for the workflow task timeout");
        }
        if (upgrade != null && !upgrade.migrations().isEmpty() && upgrade.fromAnsweredAfterMigration() == 0) {
            warnings.add(upgrade.from() + " answered no request after the migration: the rehearsal did not show that"
                    + " it keeps serving on the new schema (a longer warmup or a higher rate would)");
        }
        if (!schedule.missed().isEmpty() || !schedule.doubled().isEmpty()) {
            losses.add("schedule fires missed " + schedule.missed() + ", doubled " + schedule.doubled());
        }
        if (schedule.expected() == 0) {
            losses.add("the schedule had no fire time to check: the rehearsal was too short");
        }
        WatchLosses.add(watches, overload.expected(), losses, warnings);
        losses.addAll(callbacks.losses());
        return new RunReport(
                config.overlay(),
                config.podSource(),
                settings(),
                upgrade,
                requests,
                results,
                workflows,
                tasks,
                schedule,
                watches,
                delays(results),
                callbacks,
                losses,
                warnings,
                took.toSeconds(),
                new Timelines(pods, this::failureOf, o -> podByConnection.getOrDefault(o.connection(), UNKNOWN_POD))
                        .timeline(pods, outcomes),
                capacity,
                overload);
    }

    /** How long, and how often, no pod was in the balancer between {@code from} and {@code to}. */
    record EmptyService(long nanos, int times) {

        static EmptyService of(List<Pod.Change> balancerChanges, long from, long to) {
            int serving = 0;
            long emptySince = from;
            long empty = 0;
            int times = 0;
            for (Pod.Change change : balancerChanges.stream()
                    .sorted(Comparator.comparingLong(Pod.Change::nanos))
                    .toList()) {
                long at = Math.min(Math.max(change.nanos(), from), to);
                if (change.on() && serving++ == 0 && at > emptySince) {
                    empty += at - emptySince;
                    times++;
                } else if (!change.on() && --serving == 0) {
                    emptySince = at;
                }
            }
            if (serving == 0 && to > emptySince) {
                empty += to - emptySince;
                times++;
            }
            return new EmptyService(empty, times);
        }
    }

    /** A 503 {@code overloaded} with {@code Retry-After}: the server's answer to more than it can serve. */
    static boolean shed(OpenLoad.Outcome o) {
        return o.status() == 503
                && o.retryAfter() != null
                && o.body() != null
                && o.body().contains("overloaded");
    }

    private RunReport.Overload overload() {
        List<Double> shed = outcomes.stream()
                .filter(Reporting::shed)
                .map(OpenLoad.Outcome::latencyMillis)
                .toList();
        long from = outcomes.stream()
                .mapToLong(OpenLoad.Outcome::scheduledNanos)
                .min()
                .orElse(0);
        long to = outcomes.stream()
                .mapToLong(OpenLoad.Outcome::scheduledNanos)
                .max()
                .orElse(0);
        EmptyService empty = EmptyService.of(
                pods.stream().flatMap(pod -> pod.balancerChanges().stream()).toList(), from, to);
        return new RunReport.Overload(
                shed.size(),
                config.capacity().percent() > 100,
                shed.isEmpty() ? Double.NaN : Stats.percentile(shed, 99),
                empty.nanos() / 1_000_000,
                empty.times());
    }

    private RunReport.Requests requests() {
        Map<String, Integer> byOutcome = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        Map<String, Integer> byPod = new TreeMap<>();
        Map<String, int[]> byRelease = new TreeMap<>();
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
            int[] release = byRelease.computeIfAbsent(releaseOf(o), k -> new int[2]);
            release[0]++;
            if (failure == null) {
                succeeded++;
                latencies.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o.latencyMillis());
                continue;
            }
            release[1]++;
            String pod = podByConnection.getOrDefault(o.connection(), UNKNOWN_POD);
            byKind.merge(Timelines.outcome(failure), 1, Integer::sum);
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
        Map<String, RunReport.ReleaseRequests> answeredByRelease = new LinkedHashMap<>();
        byRelease.forEach((release, counts) ->
                answeredByRelease.put(release, new RunReport.ReleaseRequests(counts[0], counts[1])));
        return new RunReport.Requests(
                outcomes.size() + unsent,
                succeeded,
                unsent,
                connections,
                staleConnections,
                byOutcome,
                byKind,
                byPod,
                answeredByRelease,
                latency,
                firstFailures);
    }

    /** The release of the pod whose connection the request was on. */
    private String releaseOf(OpenLoad.Outcome o) {
        String pod = podByConnection.getOrDefault(o.connection(), NO_ENDPOINT);
        return releaseByPod.getOrDefault(pod, NO_ENDPOINT);
    }

    private RunReport.Upgrade upgrade(UpgradeRun run) {
        String from = run.from().version();
        int answered = 0;
        int failed = 0;
        if (run.firstMigrationNanos() >= 0) {
            for (OpenLoad.Outcome o : outcomes) {
                if (o.doneNanos() >= run.firstMigrationNanos() && from.equals(releaseOf(o))) {
                    answered++;
                    failed += failureOf(o) == null ? 0 : 1;
                }
            }
        }
        int upgraded = (int) pods.stream()
                .filter(p -> p.deleted() && p.release().equals(from))
                .count();
        return new RunReport.Upgrade(
                from,
                run.from().origin(),
                run.from().buildSeconds(),
                run.to().version(),
                upgraded,
                run.migrations(),
                answered,
                failed);
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
                pod.release(),
                toReady,
                pod.atReady().map(ProcessStats::cpuSeconds).orElse(-1.0),
                pod.atReady().map(ProcessStats::rssMegabytes).orElse(-1L),
                pod.readinessRemovals(),
                pod.livenessFailures(),
                pod.deleted(),
                termToExit,
                pod.exitCode().orElse(null),
                pod.sigkilled(),
                resources(pod));
    }

    private RunReport.Resources resources(Pod pod) {
        PodResources resources = config.resources();
        Optional<CgroupUsage> usage = pod.cgroup().usage();
        return new RunReport.Resources(
                resources.cpuRequestMillis(),
                resources.cpuLimitMillis(),
                resources.memoryLimitBytes(),
                pod.cgroup().version(),
                usage.map(CgroupUsage::periods).orElse(-1L),
                usage.map(CgroupUsage::throttledPeriods).orElse(-1L),
                usage.map(CgroupUsage::throttledSeconds).orElse(-1.0),
                usage.map(u -> u.peakBytes() / (1024 * 1024)).orElse(-1L),
                usage.map(CgroupUsage::oomKills).orElse(0L));
    }

    private DelayReport delays(List<RunReport.PodResult> results) {
        List<DelayOutcome> outcomes = pods.stream()
                .filter(Pod::deleted)
                .flatMap(pod -> DelayOutcome.read(pod.name(), pod.server().messagesLog()).stream())
                .toList();
        List<Long> sigtermToExit = results.stream()
                .filter(r -> r.deleted() && r.sigtermToExitMillis() >= 0)
                .map(RunReport.PodResult::sigtermToExitMillis)
                .toList();
        return DelayReport.of(outcomes, sigtermToExit);
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
        DelayPolicy delay = config.appBudget().delayPolicy();
        s.put("app.delay.mode", delay.mode().value());
        if (delay.mode() == DelayMode.TRAFFIC) {
            s.put("app.delay.minimum", Durations.format(delay.minimum()));
            s.put("app.delay.quiet", Durations.format(delay.quietPeriod()));
        }
        s.put("app.drain", Durations.format(config.appBudget().drainTimeout()));
        s.put("app.grace", Durations.format(config.appBudget().gracePeriod()));
        s.put("endpointAdd", Durations.format(config.endpointAddDelay()));
        s.put(
                "endpointRemove",
                Durations.format(config.endpointRemoveDelayMin()) + ".."
                        + Durations.format(config.endpointRemoveDelayMax()));
        s.put("seed", config.seed());
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
