package io.quiesce.kubernetes.invariant;

import static io.quiesce.lifecycle.config.Durations.format;

import io.fabric8.kubernetes.api.model.Probe;
import io.quiesce.kubernetes.app.AppShutdownBudget;
import io.quiesce.kubernetes.app.ConfigDefaults;
import io.quiesce.kubernetes.pod.PodView;
import io.quiesce.lifecycle.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pod's grace period against the app's shutdown budget (DESIGN.md §3). Kubernetes runs preStop, then sends
 * SIGTERM, and SIGKILLs at terminationGracePeriodSeconds counted from the start of preStop; the app counts its own
 * deadline (grace-period minus margin) from SIGTERM. So every phase must fit, and the app's grace-period must be the
 * pod's minus the preStop sleep, or the app would plan with time it does not have (or waste time it has).
 */
final class ShutdownBudgetChecks {

    static final String SHUTDOWN_BUDGET = "shutdown-budget";
    static final String GRACE_PERIOD = "grace-period";
    static final String READINESS_WINDOW = "readiness-window";
    static final String SHUTDOWN_SETTINGS = "shutdown-settings";

    private ShutdownBudgetChecks() {}

    static List<Violation> check(PodView pod, AppShutdownBudget settings) {
        List<Violation> violations = new ArrayList<>();
        Duration grace = pod.terminationGracePeriod();
        String graceText = "terminationGracePeriodSeconds " + format(grace)
                + (pod.terminationGracePeriodSeconds().isEmpty() ? " (Kubernetes' default)" : "");
        if (!pod.preStop().equals("none") && !pod.preStop().equals("sleep")) {
            violations.add(new Violation(
                    SHUTDOWN_BUDGET,
                    pod.source(),
                    "a preStop " + pod.preStop() + " handler has no known duration; use the native sleep action"));
        }
        Duration total = pod.preStopSleep()
                .plus(settings.delay())
                .plus(settings.drainTimeout())
                .plus(settings.participantTotal())
                .plus(settings.margin());
        if (total.compareTo(grace) > 0) {
            violations.add(new Violation(
                    SHUTDOWN_BUDGET,
                    pod.source(),
                    "preStop " + format(pod.preStopSleep())
                            + " + delay " + format(settings.delay()) + " + drain-timeout "
                            + format(settings.drainTimeout())
                            + " + participants " + format(settings.participantTotal()) + " "
                            + settings.participantBudgets().keySet()
                            + " + margin " + format(settings.margin()) + " = " + format(total) + " exceeds "
                            + graceText));
        }
        Duration afterPreStop = grace.minus(pod.preStopSleep());
        if (!settings.gracePeriod().equals(afterPreStop)) {
            violations.add(new Violation(
                    GRACE_PERIOD,
                    pod.source(),
                    AppShutdownBudget.GRACE_PERIOD + " is "
                            + format(settings.gracePeriod()) + " but SIGTERM leaves the app " + graceText
                            + " - preStop "
                            + format(pod.preStopSleep()) + " = " + format(afterPreStop)));
        }
        if (pod.preStopSleep().isZero()) {
            readinessWindow(pod, settings).ifPresent(violations::add);
        }
        return violations;
    }

    /** The pod's shutdown settings as the kernel reads them at start: what it would refuse there fails here. */
    static List<Violation> kernelSettings(PodView pod, ConfigDefaults defaults) {
        try {
            AppShutdownBudget.kernelConfig(defaults, pod.environment());
            return List.of();
        } catch (ConfigException e) {
            return List.of(new Violation(SHUTDOWN_SETTINGS, pod.source(), e.getMessage()));
        }
    }

    /**
     * Without a preStop sleep the delay alone covers the endpoint removal, so readiness must see the 503 within it (for
     * shutdowns the kubelet did not start). The kubelet probes one at a time: a long timeout stretches every step.
     */
    private static Optional<Violation> readinessWindow(PodView pod, AppShutdownBudget settings) {
        Probe readiness = pod.readinessProbe();
        if (readiness == null) {
            return Optional.empty(); // reported by the probe checks
        }
        int period = Optional.ofNullable(readiness.getPeriodSeconds()).orElse(10);
        int timeout = Optional.ofNullable(readiness.getTimeoutSeconds()).orElse(1);
        int failures = Optional.ofNullable(readiness.getFailureThreshold()).orElse(3);
        int step = Math.max(period, timeout);
        Duration window = Duration.ofSeconds((long) step * failures);
        if (window.compareTo(settings.delay()) >= 0) {
            String stepText = timeout > period
                    ? "timeoutSeconds " + timeout + " (longer than periodSeconds " + period + ")"
                    : "periodSeconds " + period;
            return Optional.of(new Violation(
                    READINESS_WINDOW,
                    pod.source(),
                    "no preStop sleep, so the readiness window "
                            + stepText + " x failureThreshold " + failures + " = " + format(window)
                            + " must be shorter than " + AppShutdownBudget.DELAY + " " + format(settings.delay())));
        }
        return Optional.empty();
    }
}
