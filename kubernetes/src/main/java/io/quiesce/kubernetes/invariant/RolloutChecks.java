package io.quiesce.kubernetes.invariant;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.quiesce.kubernetes.pod.PodView;
import java.util.List;

/**
 * A rollout adds a pod before it removes one (maxSurge at least 1) and never goes below the desired count
 * (maxUnavailable 0). Kubernetes' defaults (25 % each) would take serving pods away before their replacements are ready.
 */
final class RolloutChecks {

    static final String ROLLING_UPDATE = "rolling-update";

    private RolloutChecks() {}

    static List<Violation> check(PodView pod) {
        DeploymentStrategy strategy = pod.strategy();
        if (strategy == null) {
            return fail(pod, "no update strategy: Kubernetes defaults to maxSurge 25%, maxUnavailable 25%");
        }
        if (strategy.getType() != null && !strategy.getType().equals("RollingUpdate")) {
            return fail(pod, "strategy " + strategy.getType() + " stops every pod before starting new ones");
        }
        RollingUpdateDeployment rolling = strategy.getRollingUpdate();
        if (rolling == null) {
            return fail(pod, "no rollingUpdate: Kubernetes defaults to maxSurge 25%, maxUnavailable 25%");
        }
        if (!isZero(rolling.getMaxUnavailable())) {
            return fail(pod, "maxUnavailable " + text(rolling.getMaxUnavailable()) + ", expected 0");
        }
        if (!isPositive(rolling.getMaxSurge())) {
            return fail(pod, "maxSurge " + text(rolling.getMaxSurge()) + ", expected at least 1");
        }
        return List.of();
    }

    private static boolean isZero(IntOrString value) {
        return value != null
                && (value.getIntVal() != null
                        ? value.getIntVal() == 0
                        : value.getStrVal().equals("0%"));
    }

    private static boolean isPositive(IntOrString value) {
        if (value == null) {
            return false;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal() >= 1;
        }
        String percent = value.getStrVal().replace("%", "");
        return percent.matches("\\d+") && Integer.parseInt(percent) > 0;
    }

    private static String text(IntOrString value) {
        return value == null
                ? "(default 25%)"
                : value.getIntVal() != null ? String.valueOf(value.getIntVal()) : value.getStrVal();
    }

    private static List<Violation> fail(PodView pod, String message) {
        return List.of(new Violation(ROLLING_UPDATE, pod.source(), message));
    }
}
