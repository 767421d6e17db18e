package io.quiesce.devservices.telemetry;

import java.util.Map;

/**
 * One data point of a received metric. {@code type} is {@code GAUGE}, {@code SUM}, {@code HISTOGRAM},
 * {@code EXPONENTIAL_HISTOGRAM} or {@code SUMMARY}; gauges and sums carry {@code value} (a Long or a Double), the others
 * {@code count} and {@code sum} ({@code value} null).
 */
public record MetricPoint(
        String name,
        String unit,
        String type,
        Map<String, Object> attributes,
        Number value,
        long count,
        double sum,
        long startEpochNanos,
        long epochNanos,
        Map<String, Object> resource,
        String scope) {

    /** The gauge's or sum's value, or a histogram's sum: the one number most assertions want. */
    public double asDouble() {
        return value == null ? sum : value.doubleValue();
    }
}
