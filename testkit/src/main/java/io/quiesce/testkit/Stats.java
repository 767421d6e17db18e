package io.quiesce.testkit;

import java.util.Collection;
import java.util.List;

/** Percentiles of measured values, for the benchmarks and the rollout rehearsal. */
public final class Stats {

    private Stats() {}

    /** The nearest-rank percentile (0 < p <= 100) of {@code values}; 0 when there are none. */
    public static double percentile(Collection<? extends Number> values, double p) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public static double median(Collection<? extends Number> values) {
        return percentile(values, 50);
    }

    public static double max(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).max().orElse(0);
    }
}
