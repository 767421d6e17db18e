package io.quiesce.kubernetes.invariant;

import io.quiesce.kubernetes.app.AppShutdownBudget;
import io.quiesce.kubernetes.kustomize.KubectlKustomize;
import io.quiesce.kubernetes.kustomize.KustomizeException;
import io.quiesce.kubernetes.manifest.ManifestException;
import io.quiesce.kubernetes.manifest.Manifests;
import io.quiesce.kubernetes.pod.PodView;
import io.quiesce.kubernetes.pod.PodViews;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds each overlay with {@code kubectl kustomize}, reads the result into typed models, and checks every invariant
 * that keeps the deployment consistent with the app's shutdown budget, liberty/server.xml and the image. Returns all
 * violations rather than stopping at the first, so one run shows everything to fix.
 */
public final class DeploymentChecker {

    public static final String KUSTOMIZE = "kustomize";
    public static final String TYPED_MODEL = "typed-model";

    /** Every invariant id this checker reports; each has a broken fixture proving it can fail. */
    public static final List<String> INVARIANTS = List.of(
            KUSTOMIZE,
            TYPED_MODEL,
            ShutdownBudgetChecks.SHUTDOWN_BUDGET,
            ShutdownBudgetChecks.GRACE_PERIOD,
            ShutdownBudgetChecks.READINESS_WINDOW,
            ShutdownBudgetChecks.SHUTDOWN_SETTINGS,
            ProbeChecks.PROBE_PATHS,
            ProbeChecks.PROBE_PORT,
            ProbeChecks.STARTUP_WINDOW,
            RolloutChecks.ROLLING_UPDATE,
            ImageChecks.IMAGE,
            ImageChecks.IMAGE_CONSISTENCY,
            ExposureChecks.SERVICE_PORTS,
            ExposureChecks.SELECTORS,
            ExposureChecks.SERVICE_LINKS,
            PodSecurityChecks.NON_ROOT,
            PodSecurityChecks.WRITABLE_PATHS,
            PodSecurityChecks.RESOURCES,
            SecretChecks.SECRET_VALUES);

    private DeploymentChecker() {}

    /**
     * @param overlays overlay name (used in messages) to its kustomization directory
     * @throws IllegalStateException when kubectl is missing or hangs: no overlay can be checked without it
     */
    public static List<Violation> check(Map<String, Path> overlays, DeploymentContext context) {
        KubectlKustomize kustomize = KubectlKustomize.locate();
        List<Violation> violations = new ArrayList<>();
        Map<String, List<String>> images = new LinkedHashMap<>();
        overlays.forEach((name, directory) -> {
            OverlayResult result = checkOverlay(kustomize, name, directory, context);
            violations.addAll(result.violations());
            images.put(name, result.images());
        });
        violations.addAll(ImageChecks.consistency(images));
        return violations;
    }

    private static OverlayResult checkOverlay(
            KubectlKustomize kustomize, String name, Path directory, DeploymentContext context) {
        Manifests manifests;
        try {
            manifests = Manifests.read(kustomize.build(directory));
        } catch (KustomizeException e) {
            return new OverlayResult(List.of(new Violation(KUSTOMIZE, name, e.getMessage())), List.of());
        } catch (ManifestException e) {
            return new OverlayResult(List.of(new Violation(TYPED_MODEL, name, e.getMessage())), List.of());
        }
        List<Violation> violations = new ArrayList<>();
        List<PodView> pods;
        try {
            pods = PodViews.of(manifests);
        } catch (IllegalArgumentException e) {
            return new OverlayResult(List.of(new Violation(TYPED_MODEL, name, e.getMessage())), List.of());
        }
        if (pods.isEmpty()) {
            violations.add(new Violation(TYPED_MODEL, name, "renders no Deployment or OpenLibertyApplication"));
        }
        List<String> images = new ArrayList<>();
        for (PodView pod : pods) {
            images.addAll(pod.images());
            violations.addAll(budget(pod, context));
            violations.addAll(ShutdownBudgetChecks.kernelSettings(pod, context.defaults()));
            violations.addAll(ProbeChecks.check(pod, context.server()));
            violations.addAll(RolloutChecks.check(pod));
            violations.addAll(ImageChecks.check(pod));
            violations.addAll(PodSecurityChecks.check(pod, context.layout()));
        }
        int httpPort = pods.isEmpty()
                ? Integer.parseInt(context.server().httpPortDefault())
                : context.server().httpPort(pods.get(0).environment());
        violations.addAll(
                ExposureChecks.check(pods, PodViews.services(manifests), manifests.disruptionBudgets(), httpPort));
        violations.addAll(SecretChecks.check(manifests.secrets()));
        return new OverlayResult(violations, images);
    }

    private static List<Violation> budget(PodView pod, DeploymentContext context) {
        List<String> shadowed = context.server().valueVariableNames().stream()
                .filter(variable -> variable.startsWith("quiesce."))
                .toList();
        if (!shadowed.isEmpty()) {
            // server.xml variables are a MicroProfile Config source that can outrank the environment: not modelled.
            return List.of(
                    new Violation(
                            ShutdownBudgetChecks.SHUTDOWN_BUDGET,
                            "liberty/server.xml",
                            "defines " + shadowed
                                    + "; keep the app's settings in microprofile-config.properties so the environment overrides them"));
        }
        try {
            return ShutdownBudgetChecks.check(pod, AppShutdownBudget.resolve(context.defaults(), pod.environment()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return List.of(new Violation(ShutdownBudgetChecks.SHUTDOWN_BUDGET, pod.source(), e.getMessage()));
        }
    }

    private record OverlayResult(List<Violation> violations, List<String> images) {}
}
