package io.quiesce.kubernetes.manifest;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds fields a fabric8 model swallowed: fabric8 classes put any unknown property into {@code additionalProperties}
 * instead of failing, so a typo such as {@code readinessprobe} would pass unnoticed. Walks the object graph with
 * Jackson's property view, so paths use the YAML names.
 */
public final class UnknownFields {

    private final List<String> found = new ArrayList<>();

    private UnknownFields() {}

    /** Paths of unknown fields under {@code root}, e.g. {@code spec.template.spec.containers[0].readinessprobe}. */
    public static List<String> in(Object root) {
        UnknownFields walker = new UnknownFields();
        walker.walk(root, "");
        return List.copyOf(walker.found);
    }

    private void walk(Object value, String path) {
        if (value == null || isLeaf(value)) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> walk(element, join(path, String.valueOf(key))));
            return;
        }
        if (!isModel(value)) {
            return;
        }
        additionalProperties(value).keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
        BeanDescription description = StrictYaml.mapper()
                .getSerializationConfig()
                .introspect(StrictYaml.mapper().constructType(value.getClass()));
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null && !property.getName().equals("additionalProperties")) {
                walk(accessor.getValue(value), join(path, property.getName()));
            }
        }
    }

    private static boolean isLeaf(Object value) {
        return value instanceof CharSequence
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Enum<?>
                || value instanceof AnyType
                || value instanceof Quantity;
    }

    private static boolean isModel(Object value) {
        String name = value.getClass().getName();
        return name.startsWith("io.fabric8.kubernetes.api.model.")
                || name.startsWith("io.quiesce.kubernetes.manifest.");
    }

    private static Map<?, ?> additionalProperties(Object value) {
        try {
            Method getter = value.getClass().getMethod("getAdditionalProperties");
            Object properties = getter.invoke(value);
            return properties instanceof Map<?, ?> map ? map : Map.of();
        } catch (NoSuchMethodException e) {
            return Map.of();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read additionalProperties of " + value.getClass(), e);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
