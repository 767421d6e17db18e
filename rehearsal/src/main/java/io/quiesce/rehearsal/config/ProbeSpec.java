package io.quiesce.rehearsal.config;

import io.fabric8.kubernetes.api.model.Probe;
import io.quiesce.lifecycle.config.ConfigReader;
import java.time.Duration;
import java.util.Optional;

/**
 * One kubelet probe: an HTTP GET on a new connection every {@code period}, failed after {@code timeout}, with
 * Kubernetes' defaults for absent fields (period 10 s, timeout 1 s, failure threshold 3, success threshold 1).
 */
public record ProbeSpec(
        String kind,
        String path,
        Duration initialDelay,
        Duration period,
        Duration timeout,
        int failureThreshold,
        int successThreshold) {

    /** The overlay's probe, each number overridable as {@code quiesce.rehearsal.<kind>.<field>}; empty when absent. */
    static Optional<ProbeSpec> of(String kind, Probe probe, ConfigReader overrides) {
        if (probe == null || probe.getHttpGet() == null) {
            return Optional.empty();
        }
        String prefix = RehearsalConfig.PREFIX + kind + ".";
        return Optional.of(new ProbeSpec(
                kind,
                probe.getHttpGet().getPath(),
                seconds(overrides, prefix + "initial-delay", probe.getInitialDelaySeconds(), 0),
                seconds(overrides, prefix + "period", probe.getPeriodSeconds(), 10),
                seconds(overrides, prefix + "timeout", probe.getTimeoutSeconds(), 1),
                number(overrides, prefix + "failure-threshold", probe.getFailureThreshold(), 3),
                number(overrides, prefix + "success-threshold", probe.getSuccessThreshold(), 1)));
    }

    private static Duration seconds(ConfigReader overrides, String property, Integer value, int defaultSeconds) {
        return overrides.optional(property).isPresent()
                ? overrides.duration(property, Duration.ZERO, Duration.ofHours(1))
                : Duration.ofSeconds(value == null ? defaultSeconds : value);
    }

    private static int number(ConfigReader overrides, String property, Integer value, int defaultValue) {
        return overrides.optional(property).isPresent()
                ? overrides.wholeNumber(property, 1, 1000)
                : value == null ? defaultValue : value;
    }
}
