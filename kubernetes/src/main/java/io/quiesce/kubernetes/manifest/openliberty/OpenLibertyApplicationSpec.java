package io.quiesce.kubernetes.manifest.openliberty;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import java.util.List;
import java.util.Map;

/** The used subset of {@code OpenLibertyApplicationSpec}; the operator embeds Kubernetes core types, so fabric8's are reused. */
public record OpenLibertyApplicationSpec(
        String applicationImage,
        String applicationName,
        String pullPolicy,
        Integer replicas,
        @JsonProperty("manageTLS") Boolean manageTls,
        Boolean expose,
        Boolean disableServiceLinks,
        ServiceAccount serviceAccount,
        Service service,
        Deployment deployment,
        Probes probes,
        List<EnvVar> env,
        List<EnvFromSource> envFrom,
        ResourceRequirements resources,
        SecurityContext securityContext,
        List<Volume> volumes,
        List<VolumeMount> volumeMounts) {

    public OpenLibertyApplicationSpec {
        env = env == null ? List.of() : env;
        envFrom = envFrom == null ? List.of() : envFrom;
        volumes = volumes == null ? List.of() : volumes;
        volumeMounts = volumeMounts == null ? List.of() : volumeMounts;
    }

    public record ServiceAccount(Boolean mountToken, String name) {}

    /** {@code .spec.service}: the operator creates one Service from it; {@code ports} adds more ports to it. */
    public record Service(
            String type,
            Integer port,
            String portName,
            Integer targetPort,
            Integer nodePort,
            List<ServicePort> ports,
            Map<String, String> annotations) {

        public Service {
            ports = ports == null ? List.of() : ports;
        }
    }

    public record Deployment(DeploymentStrategy updateStrategy, Map<String, String> annotations) {}

    /** {@code .spec.probes}: a probe with a handler is used as is; without one the operator fills in its defaults. */
    public record Probes(Probe startup, Probe readiness, Probe liveness) {}
}
