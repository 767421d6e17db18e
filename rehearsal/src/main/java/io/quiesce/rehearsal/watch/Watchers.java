package io.quiesce.rehearsal.watch;

import static io.quiesce.lifecycle.log.EventLog.fields;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.testkit.Stats;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watchers for a share of the instances the load starts, each an EventSource-like client through the balancer on a
 * thread of its own from the moment the API accepted its instance, and their audit once the instances have finished.
 */
public final class Watchers {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final WatchConfig config;
    private final int balancerPort;
    private final String token;
    private final EventLog log;
    private final AtomicLong accepted = new AtomicLong();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public Watchers(WatchConfig config, int balancerPort, String token, EventLog log) {
        this.config = config;
        this.balancerPort = balancerPort;
        this.token = token;
        this.log = log;
    }

    /** The API answered a start: every n-th accepted instance gets a watcher, so that the share is exact. */
    public void accepted(int status, String body) {
        if ((status != 202 && status != 200) || body == null || closed) {
            return;
        }
        Matcher id = ID.matcher(body);
        if (!id.find() || !seen.add(id.group(1))) {
            return;
        }
        long n = accepted.incrementAndGet();
        if (n * config.sharePercent() / 100 == (n - 1) * config.sharePercent() / 100) {
            return;
        }
        Watcher watcher = new Watcher(id.group(1), balancerPort, token, config.readTimeout());
        watchers.add(watcher);
        Thread thread = new Thread(watcher, "rehearsal-watcher-" + watchers.size());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits up to {@code wait} for every watcher to reach its instance's end (the instances have settled by now), stops
     * the rest, and compares what each received with what the database recorded.
     */
    public WatchReport finish(Duration wait, WatchAudit audit, String keyPrefix, String scheduleId)
            throws InterruptedException, SQLException {
        closed = true;
        long end = System.nanoTime() + wait.toNanos();
        for (Watcher watcher : watchers) {
            if (!watcher.awaitDone(Duration.ofNanos(Math.max(0, end - System.nanoTime())))) {
                watcher.stop();
                watcher.awaitDone(Duration.ofSeconds(5));
            }
        }
        List<String> ids = watchers.stream().map(Watcher::instanceId).toList();
        Map<String, List<Integer>> recorded = audit.recorded(ids);
        List<WatchReport.Instance> instances = new ArrayList<>();
        int received = 0;
        int recordedTotal = 0;
        int missed = 0;
        int duplicated = 0;
        int outOfOrder = 0;
        int reconnects = 0;
        int late = 0;
        int failedAttempts = 0;
        long longest = 0;
        long overHint = 0;
        int died = 0;
        int finished = 0;
        List<Double> latencies = new ArrayList<>();
        for (Watcher watcher : watchers) {
            WatchReport.Instance result =
                    WatchAudit.compare(watcher, recorded.getOrDefault(watcher.instanceId(), List.of()));
            instances.add(result);
            watcher.received().stream()
                    .filter(r -> r.latencyMillis() >= 0)
                    .forEach(r -> latencies.add(r.latencyMillis()));
            received += result.received();
            recordedTotal += result.recorded();
            missed += result.missed();
            duplicated += result.duplicated();
            outOfOrder += result.outOfOrder();
            reconnects += result.reconnects();
            late += result.reconnectsLate();
            longest = Math.max(longest, result.maxReconnectMillis());
            for (WatchAudit.Reconnect r : WatchAudit.reconnects(watcher.attempts())) {
                failedAttempts += r.failedAttempts();
                overHint = Math.max(overHint, r.overHintMillis());
            }
            // 204 is the server saying the instance is over; an EventSource stops on it without losing anything.
            if (watcher.outcome() == Watcher.Outcome.FAILED
                    && !watcher.failure().startsWith("204")) {
                died++;
            }
            if (watcher.outcome() == Watcher.Outcome.FINISHED) {
                finished++;
            }
        }
        WatchReport report = new WatchReport(
                config.sharePercent(),
                (int) accepted.get(),
                watchers.size(),
                finished,
                recordedTotal,
                received,
                missed,
                duplicated,
                outOfOrder,
                reconnects,
                late,
                failedAttempts,
                longest,
                overHint,
                died,
                audit.unrecorded(keyPrefix, scheduleId),
                new WatchReport.Latency(
                        latencies.size(),
                        Stats.percentile(latencies, 50),
                        Stats.percentile(latencies, 99),
                        Stats.max(latencies)),
                instances,
                "");
        log.info(
                "rehearsal.watchers",
                fields(
                        "watched",
                        report.watched(),
                        "finished",
                        finished,
                        "missed",
                        missed,
                        "out_of_order",
                        outOfOrder,
                        "reconnects",
                        reconnects,
                        "late",
                        late));
        return report;
    }
}
