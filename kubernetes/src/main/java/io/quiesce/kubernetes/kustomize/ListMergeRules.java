package io.quiesce.kubernetes.kustomize;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How kustomize merges a list in a strategic-merge patch, for the kinds this project uses.
 *
 * <p>Built-in kinds follow the Kubernetes API's patch strategy: a list with a patch merge key is merged element by
 * element, a list without one is replaced. The table lists only the list fields our patches touch; a patch that touches
 * any other list of a built-in kind is rejected, so a new patch cannot pass through an unverified rule. Extend the table
 * only after checking kustomize's output ({@code kubectl kustomize}; KustomizeCrossCheckTest compares them). Custom
 * resources (no OpenAPI schema in kustomize) get JSON-merge-like semantics: every list is replaced.
 */
final class ListMergeRules {

    /** Marks a list the Kubernetes API treats as atomic: the patch replaces it. */
    static final String REPLACE = "";

    private static final String POD = "spec.template.spec.";
    private static final String CONTAINER = POD + "containers[].";

    private static final Map<String, Map<String, String>> BUILT_IN = Map.of(
            "apps/v1 Deployment", Map.of(
                    POD + "containers", "name",
                    POD + "initContainers", "name",
                    POD + "volumes", "name",
                    CONTAINER + "env", "name",
                    CONTAINER + "ports", "containerPort",
                    CONTAINER + "volumeMounts", "mountPath",
                    CONTAINER + "envFrom", REPLACE,
                    CONTAINER + "securityContext.capabilities.drop", REPLACE),
            "v1 Service", Map.of("spec.ports", "port"),
            "v1 ConfigMap", Map.of(),
            "v1 Secret", Map.of(),
            "policy/v1 PodDisruptionBudget", Map.of());

    private static final Set<String> CUSTOM_RESOURCES = Set.of("apps.openliberty.io/v1 OpenLibertyApplication");

    private final String type;
    private final Map<String, String> lists;

    private ListMergeRules(String type, Map<String, String> lists) {
        this.type = type;
        this.lists = lists;
    }

    static ListMergeRules forResource(ResourceId id) {
        String type = id.apiVersion() + " " + id.kind();
        if (CUSTOM_RESOURCES.contains(type)) {
            return new ListMergeRules(type, null);
        }
        Map<String, String> lists = BUILT_IN.get(type);
        if (lists == null) {
            throw new KustomizeException("patching " + type + " is not supported: its list merge rules are not modelled");
        }
        return new ListMergeRules(type, lists);
    }

    /**
     * The merge key of the list at {@code path} (list elements written as {@code []}), {@link #REPLACE} for a list the
     * patch replaces.
     */
    String mergeKey(String path) {
        if (lists == null) {
            return REPLACE;
        }
        return Optional.ofNullable(lists.get(path)).orElseThrow(() -> new KustomizeException(
                "a patch of " + type + " touches the list " + path + ", whose merge rule is not modelled"));
    }
}
