package io.quiesce.kubernetes.invariant;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.quiesce.kubernetes.container.ImageLayout;
import io.quiesce.kubernetes.pod.PodView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod runs as a non-root user without privilege escalation, on a read-only root filesystem with a writable volume
 * wherever Liberty writes (as the image lays it out), and with resource requests and limits so the scheduler and the
 * JVM's container sizing both see the real budget.
 */
final class PodSecurityChecks {

    static final String NON_ROOT = "non-root";
    static final String WRITABLE_PATHS = "writable-paths";
    static final String RESOURCES = "resources";

    private PodSecurityChecks() {}

    static List<Violation> check(PodView pod, ImageLayout layout) {
        List<Violation> violations = new ArrayList<>();
        PodView.Security security = pod.security();
        if (!Boolean.TRUE.equals(security.runAsNonRoot())) {
            violations.add(new Violation(
                    NON_ROOT, pod.source(), "runAsNonRoot is " + security.runAsNonRoot() + ", expected true"));
        }
        if (security.runAsUser() != null && security.runAsUser() == 0) {
            violations.add(new Violation(NON_ROOT, pod.source(), "runAsUser 0 is root"));
        }
        if (!Boolean.FALSE.equals(security.allowPrivilegeEscalation())) {
            violations.add(new Violation(NON_ROOT, pod.source(), "allowPrivilegeEscalation must be false"));
        }
        if (!Boolean.TRUE.equals(security.readOnlyRootFilesystem())) {
            violations.add(new Violation(
                    WRITABLE_PATHS,
                    pod.source(),
                    "readOnlyRootFilesystem is " + security.readOnlyRootFilesystem()
                            + ", expected true (with volumes where Liberty writes)"));
        }
        for (String path : layout.writablePaths()) {
            if (!writable(pod, path)) {
                violations.add(new Violation(
                        WRITABLE_PATHS,
                        pod.source(),
                        "Liberty writes to " + path
                                + " (Containerfile, server.xml) but no writable volume is mounted there"));
            }
        }
        resources(pod).ifPresent(violations::add);
        return violations;
    }

    private static boolean writable(PodView pod, String path) {
        for (VolumeMount mount : pod.volumeMounts()) {
            String mountPath = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            boolean covers = (path + "/").startsWith(mountPath);
            boolean backed = pod.volumes().stream().map(Volume::getName).anyMatch(mount.getName()::equals);
            if (covers && backed && !Boolean.TRUE.equals(mount.getReadOnly())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Violation> resources(PodView pod) {
        Map<String, Quantity> requests =
                pod.resources() == null ? null : pod.resources().getRequests();
        Map<String, Quantity> limits =
                pod.resources() == null ? null : pod.resources().getLimits();
        List<String> missing = new ArrayList<>();
        for (String resource : List.of("cpu", "memory")) {
            if (requests == null || !requests.containsKey(resource)) {
                missing.add("requests." + resource);
            }
            if (limits == null || !limits.containsKey(resource)) {
                missing.add("limits." + resource);
            }
        }
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of(new Violation(RESOURCES, pod.source(), "missing resources " + missing));
    }
}
