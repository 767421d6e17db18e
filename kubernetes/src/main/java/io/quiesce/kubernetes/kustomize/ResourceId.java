package io.quiesce.kubernetes.kustomize;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Kustomize's identity of a resource: group, version, kind, namespace and name. Two resources with one id may not be
 * accumulated, and a patch applies to the resource with its id.
 */
public record ResourceId(String apiVersion, String kind, String namespace, String name) {

    public static ResourceId of(JsonNode resource) {
        JsonNode metadata = resource.path("metadata");
        String apiVersion = resource.path("apiVersion").asText("");
        String kind = resource.path("kind").asText("");
        String name = metadata.path("name").asText("");
        if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
            throw new KustomizeException("resource without apiVersion, kind or metadata.name: " + resource);
        }
        return new ResourceId(apiVersion, kind, metadata.path("namespace").asText(""), name);
    }

    @Override
    public String toString() {
        return kind + "." + apiVersion + "/" + name + (namespace.isEmpty() ? "" : "." + namespace);
    }
}
