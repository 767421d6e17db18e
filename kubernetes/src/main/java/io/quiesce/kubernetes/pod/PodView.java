package io.quiesce.kubernetes.pod;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application pod as the kubelet will run it, from either workload kind (a Deployment or an
 * OpenLibertyApplication), so every check is written once. {@code source} names the manifest in messages.
 *
 * @param terminationGracePeriodSeconds empty when the field is absent: Kubernetes then uses 30 s
 * @param preStop "none", "sleep" or the kind of another preStop handler (which the budget cannot size)
 * @param serviceLinks whether Kubernetes injects {SERVICE}_PORT-style variables into the environment
 * @param replicas the desired pod count (Kubernetes' default 1 when the field is absent)
 */
public record PodView(
        String source,
        Optional<Long> terminationGracePeriodSeconds,
        String preStop,
        Duration preStopSleep,
        Map<String, String> environment,
        Map<String, Integer> namedPorts,
        Probe startupProbe,
        Probe readinessProbe,
        Probe livenessProbe,
        List<String> images,
        ResourceRequirements resources,
        Security security,
        List<VolumeMount> volumeMounts,
        List<Volume> volumes,
        DeploymentStrategy strategy,
        Map<String, String> labels,
        boolean serviceLinks,
        int replicas) {

    public static final long DEFAULT_GRACE_SECONDS = 30;

    public Duration terminationGracePeriod() {
        return Duration.ofSeconds(terminationGracePeriodSeconds.orElse(DEFAULT_GRACE_SECONDS));
    }

    /** The effective security settings of the application container (container level over pod level). */
    public record Security(
            Boolean runAsNonRoot, Long runAsUser, Boolean readOnlyRootFilesystem, Boolean allowPrivilegeEscalation) {}
}
