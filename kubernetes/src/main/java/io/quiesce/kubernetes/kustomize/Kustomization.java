package io.quiesce.kubernetes.kustomize;

import java.util.List;

/**
 * The subset of kustomization.yaml that {@link KustomizeBuild} implements. It is read with unknown properties failing,
 * so a key such as {@code namePrefix}, {@code images} or a patch {@code target} is rejected instead of being silently
 * ignored by the checks that rely on the rendered output.
 */
public record Kustomization(String apiVersion, String kind, List<String> resources, List<Patch> patches) {

    public static final String API_VERSION = "kustomize.config.k8s.io/v1beta1";
    public static final String KIND = "Kustomization";
    public static final String SUPPORTED_KEYS = "apiVersion, kind, resources, patches (path only)";

    public Kustomization {
        resources = resources == null ? List.of() : List.copyOf(resources);
        patches = patches == null ? List.of() : List.copyOf(patches);
    }

    /** A strategic-merge patch file; the patch itself names its target (apiVersion, kind, metadata.name). */
    public record Patch(String path) {
    }
}
