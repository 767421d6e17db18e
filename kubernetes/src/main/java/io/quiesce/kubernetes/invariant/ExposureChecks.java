package io.quiesce.kubernetes.invariant;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quiesce.kubernetes.pod.ExposedService;
import io.quiesce.kubernetes.pod.PodView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What reaches the pods: Services expose the HTTP port only, inside the cluster only (ClusterIP, no node ports); every
 * Service and PodDisruptionBudget selects the application pods and every pod is covered by both; and no Service-link
 * variables leak into the app's configuration namespace.
 */
final class ExposureChecks {

    static final String SERVICE_PORTS = "service-ports";
    static final String SELECTORS = "selectors";
    static final String SERVICE_LINKS = "service-links";

    private ExposureChecks() {}

    static List<Violation> check(
            List<PodView> pods, List<ExposedService> services, List<PodDisruptionBudget> budgets, int httpPort) {
        List<Violation> violations = new ArrayList<>();
        for (ExposedService service : services) {
            List<PodView> selected = pods.stream()
                    .filter(pod -> selects(service.selector(), pod))
                    .toList();
            if (selected.isEmpty()) {
                violations.add(new Violation(
                        SELECTORS, service.source(), "selector " + service.selector() + " matches no application pod"));
            }
            if (!service.type().equals("ClusterIP") || !service.nodePorts().isEmpty()) {
                violations.add(new Violation(
                        SERVICE_PORTS,
                        service.source(),
                        "type " + service.type()
                                + (service.nodePorts().isEmpty() ? "" : " with nodePort " + service.nodePorts())
                                + ": expose the app inside the cluster only (ClusterIP) and put an ingress in front"));
            }
            if (service.targetPorts().size() != 1) {
                violations.add(new Violation(
                        SERVICE_PORTS,
                        service.source(),
                        "exposes " + service.targetPorts().size() + " ports " + service.targetPorts()
                                + ": only the HTTP port " + httpPort + " may be exposed"));
            }
            for (String target : service.targetPorts()) {
                for (PodView pod : selected) {
                    Optional<Integer> port = target.matches("\\d+")
                            ? Optional.of(Integer.parseInt(target))
                            : Optional.ofNullable(pod.namedPorts().get(target));
                    if (port.isEmpty() || port.get() != httpPort) {
                        violations.add(new Violation(
                                SERVICE_PORTS,
                                service.source(),
                                "targets port " + target
                                        + port.map(p -> " (" + p + ")").orElse("") + " of " + pod.source()
                                        + " but Liberty listens on " + httpPort));
                    }
                }
            }
        }
        for (PodDisruptionBudget budget : budgets) {
            LabelSelector selector = budget.getSpec().getSelector();
            if (selector == null || !selector.getMatchExpressions().isEmpty()) {
                violations.add(new Violation(
                        SELECTORS,
                        "PodDisruptionBudget/" + budget.getMetadata().getName(),
                        "only selector.matchLabels can be checked; matchExpressions or no selector is not supported"));
            }
        }
        for (PodView pod : pods) {
            if (services.stream().noneMatch(service -> selects(service.selector(), pod))) {
                violations.add(new Violation(SELECTORS, pod.source(), "no Service selects the pods " + pod.labels()));
            }
            if (budgets.stream().noneMatch(budget -> selects(matchLabels(budget), pod))) {
                violations.add(new Violation(
                        SELECTORS,
                        pod.source(),
                        "no PodDisruptionBudget selects the pods " + pod.labels()
                                + ": a node drain may evict all of them at once"));
            }
            if (pod.serviceLinks()) {
                violations.add(
                        new Violation(
                                SERVICE_LINKS,
                                pod.source(),
                                "service links are enabled: Kubernetes would "
                                        + "inject QUIESCE_SERVICE_HOST, QUIESCE_PORT, ... which MicroProfile Config maps onto quiesce.* keys"));
            }
        }
        return violations;
    }

    private static Map<String, String> matchLabels(PodDisruptionBudget budget) {
        LabelSelector selector = budget.getSpec().getSelector();
        if (selector == null || !selector.getMatchExpressions().isEmpty()) {
            return Map.of(); // reported above; an empty selector matches nothing here
        }
        return Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
    }

    private static boolean selects(Map<String, String> selector, PodView pod) {
        return !selector.isEmpty() && pod.labels().entrySet().containsAll(selector.entrySet());
    }
}
