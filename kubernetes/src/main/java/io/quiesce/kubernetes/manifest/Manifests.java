package io.quiesce.kubernetes.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quiesce.kubernetes.manifest.openliberty.OpenLibertyApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rendered resources read into typed models. Only the kinds below are accepted: a resource the checks cannot model is
 * an error, never skipped, and so is any field the model does not know.
 */
public record Manifests(
        List<ConfigMap> configMaps,
        List<Secret> secrets,
        List<Service> services,
        List<Deployment> deployments,
        List<PodDisruptionBudget> disruptionBudgets,
        List<OpenLibertyApplication> libertyApplications) {

    private static final Map<String, Class<?>> TYPES = Map.of(
            "v1 ConfigMap",
            ConfigMap.class,
            "v1 Secret",
            Secret.class,
            "v1 Service",
            Service.class,
            "apps/v1 Deployment",
            Deployment.class,
            "policy/v1 PodDisruptionBudget",
            PodDisruptionBudget.class,
            OpenLibertyApplication.API_VERSION + " " + OpenLibertyApplication.KIND,
            OpenLibertyApplication.class);

    /** Reads every resource; fails with every problem found, not just the first. */
    public static Manifests read(List<ObjectNode> resources) {
        List<Object> typed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ObjectNode resource : resources) {
            String type = resource.path("apiVersion").asText() + " "
                    + resource.path("kind").asText();
            String where = type + " " + resource.path("metadata").path("name").asText();
            Class<?> modelClass = TYPES.get(type);
            if (modelClass == null) {
                problems.add(
                        where + ": unsupported kind, the checks cannot verify it (supported: " + TYPES.keySet() + ")");
                continue;
            }
            try {
                Object model = StrictYaml.mapper().treeToValue(resource, modelClass);
                UnknownFields.in(model).forEach(path -> problems.add(where + ": unknown field " + path));
                typed.add(model);
            } catch (UnrecognizedPropertyException e) {
                problems.add(where + ": unknown field " + pathOf(e));
            } catch (JsonProcessingException e) {
                problems.add(where + ": does not match the typed model: " + e.getOriginalMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(String.join("; ", problems));
        }
        return new Manifests(
                only(typed, ConfigMap.class),
                only(typed, Secret.class),
                only(typed, Service.class),
                only(typed, Deployment.class),
                only(typed, PodDisruptionBudget.class),
                only(typed, OpenLibertyApplication.class));
    }

    public Optional<ConfigMap> configMap(String name) {
        return named(configMaps, name);
    }

    public Optional<Secret> secret(String name) {
        return named(secrets, name);
    }

    private static <T extends HasMetadata> Optional<T> named(List<T> resources, String name) {
        return resources.stream()
                .filter(r -> name.equals(r.getMetadata().getName()))
                .findFirst();
    }

    private static <T> List<T> only(List<Object> typed, Class<T> type) {
        return typed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static String pathOf(UnrecognizedPropertyException e) {
        StringBuilder path = new StringBuilder();
        e.getPath().forEach(reference -> {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        });
        return path.toString();
    }
}
