package io.quiesce.bench;

import java.util.Collection;
import java.util.List;

final class Stats {

    private Stats() {
    }

    /** The nearest-rank percentile (0 < p <= 100) of {@code values}; 0 when there are none. */
    static double percentile(Collection<? extends Number> values, double p) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double median(Collection<? extends Number> values) {
        return percentile(values, 50);
    }

    static double max(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).max().orElse(0);
    }
}
