package io.quiesce.kubernetes.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.quiesce.kubernetes.manifest.Manifests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment a container starts with, built the way the kubelet does: {@code envFrom} sources in order (a later
 * source wins a duplicate key, each with its optional prefix), then {@code env}, which wins over all of them. Values
 * come from the rendered ConfigMaps and Secrets; a value the manifests cannot tell (downward API, a missing optional
 * source) maps to {@link #UNKNOWN}, so a check reading it fails instead of using a default the pod would not see.
 */
public final class PodEnvironment {

    public static final String UNKNOWN = "<unknown at render time>";

    private PodEnvironment() {}

    public static Map<String, String> of(Iterable<EnvFromSource> envFrom, Iterable<EnvVar> env, Manifests manifests) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource source : envFrom) {
            String prefix = Optional.ofNullable(source.getPrefix()).orElse("");
            if (source.getConfigMapRef() != null) {
                manifests
                        .configMap(source.getConfigMapRef().getName())
                        .map(PodEnvironment::data)
                        .ifPresent(data -> data.forEach((key, value) -> environment.put(prefix + key, value)));
            }
            if (source.getSecretRef() != null) {
                manifests
                        .secret(source.getSecretRef().getName())
                        .map(PodEnvironment::data)
                        .ifPresent(data -> data.forEach((key, value) -> environment.put(prefix + key, value)));
            }
        }
        for (EnvVar variable : env) {
            environment.put(variable.getName(), valueOf(variable, manifests));
        }
        return environment;
    }

    private static String valueOf(EnvVar variable, Manifests manifests) {
        if (variable.getValueFrom() == null) {
            return Optional.ofNullable(variable.getValue()).orElse("");
        }
        var configMapKey = variable.getValueFrom().getConfigMapKeyRef();
        if (configMapKey != null) {
            return manifests
                    .configMap(configMapKey.getName())
                    .map(PodEnvironment::data)
                    .map(data -> data.get(configMapKey.getKey()))
                    .orElse(UNKNOWN);
        }
        var secretKey = variable.getValueFrom().getSecretKeyRef();
        if (secretKey != null) {
            return manifests
                    .secret(secretKey.getName())
                    .map(PodEnvironment::data)
                    .map(data -> data.get(secretKey.getKey()))
                    .orElse(UNKNOWN);
        }
        return UNKNOWN;
    }

    private static Map<String, String> data(ConfigMap configMap) {
        return Optional.ofNullable(configMap.getData()).orElse(Map.of());
    }

    private static Map<String, String> data(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        Optional.ofNullable(secret.getData())
                .orElse(Map.of())
                .forEach((key, value) ->
                        data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        Optional.ofNullable(secret.getStringData()).orElse(Map.of()).forEach(data::put);
        return data;
    }
}
