package io.quiesce.kubernetes.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.kubernetes.Repository;
import io.quiesce.kubernetes.app.AppShutdownBudget;
import io.quiesce.kubernetes.app.EnvironmentMapping;
import io.quiesce.kubernetes.container.ImageReference;
import io.quiesce.kubernetes.kustomize.KubectlKustomize;
import io.quiesce.kubernetes.manifest.Manifests;
import io.quiesce.kubernetes.pod.PodView;
import io.quiesce.kubernetes.pod.PodViews;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped overlays satisfy every invariant, with the numbers the README documents. */
class RealOverlaysTest {

    private final DeploymentContext context = DeploymentContext.load(Repository.root());

    @Test
    void shippedOverlaysViolateNothing() {
        assertThat(DeploymentChecker.check(Repository.overlays(), context)).isEmpty();
    }

    @Test
    void deploymentOverlayGivesTheAppTheGracePeriodAfterItsPreStopSleep() {
        PodView pod = onlyPod("deployment");
        AppShutdownBudget settings = AppShutdownBudget.resolve(context.defaults(), pod.environment());

        assertThat(pod.replicas()).isEqualTo(2);
        assertThat(pod.preStop()).isEqualTo("sleep");
        assertThat(pod.terminationGracePeriod()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.gracePeriod()).isEqualTo(Duration.ofSeconds(40));
        assertThat(settings.delay()).isZero();
    }

    @Test
    void operatorOverlayRunsWithKubernetesDefaultGraceAndTheAppDelayAsOnlyPreDrainWindow() {
        PodView pod = onlyPod("operator");
        AppShutdownBudget settings = AppShutdownBudget.resolve(context.defaults(), pod.environment());

        assertThat(pod.replicas()).isEqualTo(2);
        assertThat(pod.terminationGracePeriodSeconds()).isEmpty();
        assertThat(pod.preStop()).isEqualTo("none");
        assertThat(settings.gracePeriod()).isEqualTo(Duration.ofSeconds(PodView.DEFAULT_GRACE_SECONDS));
        assertThat(settings.delay()).isPositive();
    }

    /** A participant's budget counts once its module ships a {@code quiesce.<feature>.shutdown-budget} default. */
    @Test
    void theBudgetCountsEveryParticipantTheModulesShip() {
        AppShutdownBudget settings = AppShutdownBudget.resolve(
                context.defaults(), onlyPod("operator").environment());

        assertThat(settings.participantBudgets())
                .containsOnlyKeys(
                        "quiesce.async.shutdown-budget",
                        "quiesce.callbacks.shutdown-budget",
                        "quiesce.jobs.shutdown-budget",
                        "quiesce.telemetry.shutdown-budget",
                        "quiesce.workflow.shutdown-budget");
        assertThat(settings.participantTotal()).isEqualTo(Duration.ofSeconds(13));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deployment", "operator"})
    void theCodeVersionIsTheImageTag(String overlay) {
        PodView pod = onlyPod(overlay);

        assertThat(EnvironmentMapping.lookup(pod.environment(), "quiesce.workflow.code-version"))
                .as("quiesce.workflow.code-version of " + overlay)
                .isEqualTo(ImageReference.parse(pod.images().get(0)).tag());
    }

    private PodView onlyPod(String overlay) {
        List<PodView> pods = PodViews.of(Manifests.read(
                KubectlKustomize.locate().build(Repository.overlays().get(overlay))));
        assertThat(pods).hasSize(1);
        return pods.get(0);
    }
}
