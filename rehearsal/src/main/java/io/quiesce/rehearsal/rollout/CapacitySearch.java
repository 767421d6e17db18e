package io.quiesce.rehearsal.rollout;

import static io.quiesce.lifecycle.log.EventLog.fields;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.report.RunReport;
import io.quiesce.testkit.Hold;
import io.quiesce.testkit.OpenLoad;
import io.quiesce.testkit.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The steady capacity of the serving replicas, before the rollout: after a warm-up at {@value #WARMUP_RATE} requests per
 * second, open-loop steps of the rehearsal's own mix, doubling
 * from {@value #FIRST} requests per second until a step fails, then halving the interval between the last kept and the
 * first failed rate to within a tenth. A step is kept when its fast requests' 99th percentile stays under the goal,
 * nothing failed (a 503 too) and every arrival found a connection.
 */
final class CapacitySearch {

    static final int FIRST = 25;
    static final int MAX = 2000;
    private static final int WARMUP_RATE = 50;
    private static final Set<String> FAST = Set.of(Traffic.GET, Traffic.ECHO);

    private final RehearsalConfig config;
    private final int port;
    private final Traffic traffic;
    private final EventLog log;

    CapacitySearch(RehearsalConfig config, int port, Traffic traffic, EventLog log) {
        this.config = config;
        this.port = port;
        this.traffic = traffic;
        this.log = log;
    }

    RunReport.Capacity measure() throws InterruptedException {
        RehearsalConfig.Capacity goal = config.capacity();
        double p99Goal = goal.p99().toNanos() / 1e6;
        if (goal.known() > 0) {
            return new RunReport.Capacity(
                    goal.known(), true, goal.percent(), goal.rateFor(goal.known()), p99Goal, List.of());
        }
        log.info("rehearsal.capacity_warmup", fields("rate", WARMUP_RATE, "for", goal.warmup()));
        run(WARMUP_RATE, goal.warmup());
        List<RunReport.CapacityStep> steps = new ArrayList<>();
        int kept = 0;
        int failed = 0;
        for (int rate = FIRST; failed == 0 && rate <= MAX; rate = Math.min(MAX, rate * 2)) {
            RunReport.CapacityStep step = step(rate, p99Goal);
            steps.add(step);
            if (!step.kept()) {
                failed = rate;
            } else if (rate == MAX) {
                break;
            } else {
                kept = rate;
            }
        }
        while (failed > 0 && failed - kept > Math.max(1, kept / 10)) {
            int rate = (kept + failed) / 2;
            RunReport.CapacityStep step = step(rate, p99Goal);
            steps.add(step);
            if (step.kept()) {
                kept = rate;
            } else {
                failed = rate;
            }
        }
        if (kept == 0) {
            throw new IllegalStateException("the replicas kept no rate: at 1 request per second the fast requests' p99"
                    + " was over " + goal.p99().toMillis() + " ms or requests failed (steps: " + steps + ")");
        }
        log.info("rehearsal.capacity", fields("requests_per_second", kept, "steps", steps.size()));
        return new RunReport.Capacity(kept, false, goal.percent(), goal.rateFor(kept), p99Goal, steps);
    }

    private RunReport.CapacityStep step(int rate, double p99Goal) throws InterruptedException {
        Run run = run(rate, config.capacity().step());
        List<Double> fast = run.outcomes().stream()
                .filter(o -> FAST.contains(o.kind()) && o.failure() == null)
                .map(OpenLoad.Outcome::latencyMillis)
                .toList();
        int failures =
                (int) run.outcomes().stream().filter(o -> o.failure() != null).count();
        double p99 = fast.isEmpty() ? Double.NaN : Stats.percentile(fast, 99);
        boolean kept = !fast.isEmpty() && p99 < p99Goal && failures == 0 && run.unsent() == 0;
        RunReport.CapacityStep step =
                new RunReport.CapacityStep(rate, run.outcomes().size(), p99, failures, run.unsent(), kept);
        log.info(
                "rehearsal.capacity_step",
                fields(
                        "rate",
                        rate,
                        "fast_p99_ms",
                        Math.round(p99),
                        "failed",
                        failures,
                        "unsent",
                        run.unsent(),
                        "kept",
                        kept));
        return step;
    }

    private record Run(List<OpenLoad.Outcome> outcomes, int unsent) {}

    private Run run(int rate, Duration duration) throws InterruptedException {
        OpenLoad load = OpenLoad.start(port, rate, config.maxConnections(), config.requestTimeout(), traffic::request);
        Hold.forDuration(duration);
        List<OpenLoad.Outcome> outcomes = load.stop(config.requestTimeout());
        return new Run(outcomes, load.unsent());
    }
}
