package io.quiesce.kubernetes.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quiesce.kubernetes.manifest.Manifests;
import io.quiesce.kubernetes.manifest.openliberty.OpenLibertyApplication;
import io.quiesce.kubernetes.manifest.openliberty.OpenLibertyApplicationSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link PodView}s and {@link ExposedService}s from rendered manifests. The application container of a Deployment
 * is the one named {@value #APP_CONTAINER}; under the operator it is the only container.
 */
public final class PodViews {

    public static final String APP_CONTAINER = "quiesce";

    private PodViews() {}

    public static List<PodView> of(Manifests manifests) {
        List<PodView> pods = new ArrayList<>();
        manifests.deployments().forEach(deployment -> pods.add(fromDeployment(deployment, manifests)));
        manifests
                .libertyApplications()
                .forEach(application -> pods.add(fromLibertyApplication(application, manifests)));
        return pods;
    }

    public static List<ExposedService> services(Manifests manifests) {
        List<ExposedService> services = new ArrayList<>();
        manifests.services().forEach(service -> services.add(fromService(service)));
        manifests.libertyApplications().forEach(application -> services.add(fromOperatorService(application)));
        return services;
    }

    static PodView fromDeployment(Deployment deployment, Manifests manifests) {
        String source = "Deployment/" + deployment.getMetadata().getName();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container app = pod.getContainers().stream()
                .filter(c -> APP_CONTAINER.equals(c.getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(source + ": no container named " + APP_CONTAINER));
        List<String> images = new ArrayList<>();
        pod.getInitContainers().forEach(c -> images.add(c.getImage()));
        pod.getContainers().forEach(c -> images.add(c.getImage()));
        Map<String, Integer> namedPorts = new LinkedHashMap<>();
        for (ContainerPort port : app.getPorts()) {
            if (port.getName() != null) {
                namedPorts.put(port.getName(), port.getContainerPort());
            }
        }
        PodSecurityContext podSecurity =
                Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
        SecurityContext container =
                Optional.ofNullable(app.getSecurityContext()).orElseGet(SecurityContext::new);
        PodView.Security security = new PodView.Security(
                first(container.getRunAsNonRoot(), podSecurity.getRunAsNonRoot()),
                first(container.getRunAsUser(), podSecurity.getRunAsUser()),
                container.getReadOnlyRootFilesystem(),
                container.getAllowPrivilegeEscalation());
        LifecycleHandler preStop = Optional.ofNullable(app.getLifecycle())
                .map(Lifecycle::getPreStop)
                .orElse(null);
        return new PodView(
                source,
                Optional.ofNullable(pod.getTerminationGracePeriodSeconds()),
                preStopKind(preStop),
                preStopSleep(preStop),
                PodEnvironment.of(app.getEnvFrom(), app.getEnv(), manifests),
                namedPorts,
                app.getStartupProbe(),
                app.getReadinessProbe(),
                app.getLivenessProbe(),
                images,
                app.getResources(),
                security,
                app.getVolumeMounts(),
                pod.getVolumes(),
                deployment.getSpec().getStrategy(),
                Optional.ofNullable(
                                deployment.getSpec().getTemplate().getMetadata().getLabels())
                        .orElse(Map.of()),
                !Boolean.FALSE.equals(pod.getEnableServiceLinks()),
                Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1));
    }

    static PodView fromLibertyApplication(OpenLibertyApplication application, Manifests manifests) {
        OpenLibertyApplicationSpec spec = application.spec();
        String source = "OpenLibertyApplication/" + application.metadata().getName();
        Map<String, Integer> namedPorts = new LinkedHashMap<>();
        OpenLibertyApplicationSpec.Service service = operatorService(spec);
        if (service.portName() != null) {
            namedPorts.put(
                    service.portName(),
                    Optional.ofNullable(service.targetPort()).orElse(service.port()));
        }
        SecurityContext container = Optional.ofNullable(spec.securityContext()).orElseGet(SecurityContext::new);
        PodView.Security security = new PodView.Security(
                container.getRunAsNonRoot(),
                container.getRunAsUser(),
                container.getReadOnlyRootFilesystem(),
                container.getAllowPrivilegeEscalation());
        OpenLibertyApplicationSpec.Probes probes = Optional.ofNullable(spec.probes())
                .orElseGet(() -> new OpenLibertyApplicationSpec.Probes(null, null, null));
        // No preStop and no terminationGracePeriodSeconds: the operator's CRD has neither field.
        return new PodView(
                source,
                Optional.empty(),
                "none",
                Duration.ZERO,
                PodEnvironment.of(spec.envFrom(), spec.env(), manifests),
                namedPorts,
                probes.startup(),
                probes.readiness(),
                probes.liveness(),
                List.of(String.valueOf(spec.applicationImage())),
                spec.resources(),
                security,
                spec.volumeMounts(),
                spec.volumes(),
                Optional.ofNullable(spec.deployment())
                        .map(OpenLibertyApplicationSpec.Deployment::updateStrategy)
                        .orElse(null),
                operatorPodLabels(application),
                !Boolean.TRUE.equals(spec.disableServiceLinks()),
                Optional.ofNullable(spec.replicas()).orElse(1));
    }

    /**
     * The labels the operator puts on the pods (GetLabels in the operator's api/v1): instance and name from the
     * resource's name, plus the resource's own labels except {@code app.kubernetes.io/instance}.
     */
    static Map<String, String> operatorPodLabels(OpenLibertyApplication application) {
        Map<String, String> labels = new LinkedHashMap<>();
        Optional.ofNullable(application.metadata().getLabels()).orElse(Map.of()).forEach(labels::put);
        labels.put("app.kubernetes.io/instance", application.metadata().getName());
        labels.putIfAbsent("app.kubernetes.io/name", application.metadata().getName());
        return labels;
    }

    private static ExposedService fromService(Service service) {
        List<String> targets = new ArrayList<>();
        List<Integer> nodePorts = new ArrayList<>();
        for (ServicePort port : service.getSpec().getPorts()) {
            targets.add(Optional.ofNullable(port.getTargetPort())
                    .map(PodViews::text)
                    .orElse(String.valueOf(port.getPort())));
            Optional.ofNullable(port.getNodePort()).ifPresent(nodePorts::add);
        }
        return new ExposedService(
                "Service/" + service.getMetadata().getName(),
                Optional.ofNullable(service.getSpec().getType()).orElse("ClusterIP"),
                targets,
                nodePorts,
                Optional.ofNullable(service.getSpec().getSelector()).orElse(Map.of()));
    }

    private static ExposedService fromOperatorService(OpenLibertyApplication application) {
        OpenLibertyApplicationSpec.Service service = operatorService(application.spec());
        List<String> targets = new ArrayList<>();
        targets.add(String.valueOf(Optional.ofNullable(service.targetPort()).orElse(service.port())));
        service.ports()
                .forEach(port -> targets.add(Optional.ofNullable(port.getTargetPort())
                        .map(PodViews::text)
                        .orElse(String.valueOf(port.getPort()))));
        List<Integer> nodePorts = new ArrayList<>();
        Optional.ofNullable(service.nodePort()).ifPresent(nodePorts::add);
        return new ExposedService(
                "OpenLibertyApplication/" + application.metadata().getName() + " .spec.service",
                Optional.ofNullable(service.type()).orElse("ClusterIP"),
                targets,
                nodePorts,
                Map.of("app.kubernetes.io/instance", application.metadata().getName()));
    }

    /** The operator defaults the port to 9443 when it manages TLS (the default) and 9080 otherwise. */
    private static OpenLibertyApplicationSpec.Service operatorService(OpenLibertyApplicationSpec spec) {
        OpenLibertyApplicationSpec.Service service = Optional.ofNullable(spec.service())
                .orElseGet(() -> new OpenLibertyApplicationSpec.Service(null, null, null, null, null, null, null));
        if (service.port() != null) {
            return service;
        }
        int port = Boolean.FALSE.equals(spec.manageTls()) ? 9080 : 9443;
        return new OpenLibertyApplicationSpec.Service(
                service.type(),
                port,
                service.portName(),
                service.targetPort(),
                service.nodePort(),
                service.ports(),
                service.annotations());
    }

    private static String preStopKind(LifecycleHandler preStop) {
        if (preStop == null) {
            return "none";
        }
        return preStop.getSleep() != null
                ? "sleep"
                : preStop.getExec() != null ? "exec" : preStop.getHttpGet() != null ? "httpGet" : "tcpSocket";
    }

    private static Duration preStopSleep(LifecycleHandler preStop) {
        return Optional.ofNullable(preStop)
                .map(LifecycleHandler::getSleep)
                .map(sleep -> Duration.ofSeconds(sleep.getSeconds()))
                .orElse(Duration.ZERO);
    }

    static String text(IntOrString value) {
        return value.getIntVal() != null ? String.valueOf(value.getIntVal()) : value.getStrVal();
    }

    private static <T> T first(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
