package io.quiesce.kubernetes.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patch as kustomize applies it: maps merge recursively, {@code null} deletes a key, lists merge or are
 * replaced per {@link ListMergeRules}. A merged list holds the patch's elements first, in patch order (merged into their
 * originals where the key matches), then the elements only the original has, in their order: what kustomize 5
 * renders (checked against {@code kubectl kustomize}, including for {@code [x, b]} patched onto {@code [a, b, c]},
 * which gives {@code [x, b, a, c]}). Patch directives ({@code $patch}, {@code $setElementOrder}, ...) are rejected, not
 * ignored.
 */
final class StrategicMerge {

    private final ListMergeRules rules;

    private StrategicMerge(ListMergeRules rules) {
        this.rules = rules;
    }

    static ObjectNode apply(ObjectNode original, ObjectNode patch) {
        ObjectNode result = original.deepCopy();
        new StrategicMerge(ListMergeRules.forResource(ResourceId.of(original))).mergeMap(result, patch, "");
        return result;
    }

    private void mergeMap(ObjectNode target, ObjectNode patch, String path) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String fieldPath = path.isEmpty() ? key : path + "." + key;
            if (key.startsWith("$")) {
                throw new KustomizeException("patch directive " + key + " at " + fieldPath + " is not supported");
            }
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject()) {
                JsonNode existing = target.get(key);
                ObjectNode merged = existing != null && existing.isObject()
                        ? (ObjectNode) existing : JsonNodeFactory.instance.objectNode();
                mergeMap(merged, (ObjectNode) value, fieldPath);
                target.set(key, merged);
            } else if (value.isArray()) {
                target.set(key, mergeList(target.get(key), (ArrayNode) value, fieldPath));
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private ArrayNode mergeList(JsonNode original, ArrayNode patch, String path) {
        String mergeKey = rules.mergeKey(path);
        if (mergeKey.equals(ListMergeRules.REPLACE) || original == null || !original.isArray()) {
            if (!mergeKey.equals(ListMergeRules.REPLACE)) {
                // A new keyed list still gets its elements' nulls removed, as a merge into nothing would.
                return mergeKeyed(JsonNodeFactory.instance.arrayNode(), patch, mergeKey, path);
            }
            return patch.deepCopy();
        }
        return mergeKeyed((ArrayNode) original, patch, mergeKey, path);
    }

    private ArrayNode mergeKeyed(ArrayNode original, ArrayNode patch, String mergeKey, String path) {
        List<JsonNode> originalKeys = new ArrayList<>();
        original.forEach(element -> originalKeys.add(keyOf(element, mergeKey, path)));

        List<JsonNode> patched = new ArrayList<>();
        Set<JsonNode> patchKeys = new HashSet<>();
        for (JsonNode element : patch) {
            JsonNode key = keyOf(element, mergeKey, path);
            if (!patchKeys.add(key)) {
                throw new KustomizeException("patch list " + path + " names " + mergeKey + "=" + key + " twice");
            }
            int index = originalKeys.indexOf(key);
            ObjectNode base = index >= 0 ? (ObjectNode) original.get(index).deepCopy() : JsonNodeFactory.instance.objectNode();
            mergeMap(base, (ObjectNode) element, path + "[]");
            patched.add(base);
        }
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        patched.forEach(result::add);
        for (int i = 0; i < original.size(); i++) {
            if (!patchKeys.contains(originalKeys.get(i))) {
                result.add(original.get(i));
            }
        }
        return result;
    }

    private static JsonNode keyOf(JsonNode element, String mergeKey, String path) {
        JsonNode key = element.isObject() ? element.get(mergeKey) : null;
        if (key == null || key.isNull()) {
            throw new KustomizeException("an element of " + path + " has no merge key " + mergeKey);
        }
        return key;
    }
}
