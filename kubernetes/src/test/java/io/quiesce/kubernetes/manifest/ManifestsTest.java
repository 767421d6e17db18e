package io.quiesce.kubernetes.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Typed reading refuses what it cannot verify, and finds unknown fields however deep fabric8 swallowed them. */
class ManifestsTest {

    @Test
    void findsUnknownFieldsInFabric8TypesInsideTheOperatorRecords() {
        assertThatThrownBy(() -> Manifests.read(List.of(yaml("""
                apiVersion: apps.openliberty.io/v1
                kind: OpenLibertyApplication
                metadata: {name: app}
                spec:
                  applicationImage: app:1
                  probes:
                    readiness: {httpGet: {pth: /health/ready, port: 9080}}
                  volumes: [{name: tmp, emptyDir: {sizeLimt: 1Mi}}]
                """))))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("unknown field spec.probes.readiness.httpGet.pth")
                .hasMessageContaining("unknown field spec.volumes[0].emptyDir.sizeLimt");
    }

    @Test
    void refusesKindsTheChecksCannotVerifyAndWrongTypes() {
        assertThatThrownBy(() -> Manifests.read(List.of(yaml("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: app}
                """), yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec: {replicas: two}
                """))))
                .hasMessageContaining("Ingress app: unsupported kind")
                .hasMessageContaining("Deployment app: does not match the typed model");
    }

    @Test
    void readsKnownKinds() {
        Manifests manifests = Manifests.read(List.of(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: config}
                data: {A: "1"}
                """)));

        assertThat(manifests.configMap("config"))
                .hasValueSatisfying(c -> assertThat(c.getData()).containsEntry("A", "1"));
    }

    private static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) StrictYaml.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
