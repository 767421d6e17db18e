package io.quiesce.kubernetes.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The renderer's semantics on small inputs, including what it must refuse. */
class KustomizeBuildTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: app:1
                      ports:
                        - {name: http, containerPort: 8080}
                      volumeMounts:
                        - {name: a, mountPath: /a}
                        - {name: b, mountPath: /b}
                        - {name: c, mountPath: /c}
                      resources:
                        limits: {memory: 1Gi}
            """;

    @TempDir
    Path root;

    @Test
    void keyedListsPutPatchElementsFirstThenTheOriginalsOnly() throws IOException {
        write("deployment.yaml", DEPLOYMENT);
        write("patch.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  template:
                    spec:
                      containers:
                        - name: sidecar
                          image: sidecar:1
                        - name: app
                          ports:
                            - {name: admin, containerPort: 9443}
                          volumeMounts:
                            - {name: x, mountPath: /x}
                            - {name: b2, mountPath: /b}
                          resources:
                            limits: null
                """);
        write("kustomization.yaml", "resources: [deployment.yaml]\npatches:\n  - path: patch.yaml\n");

        JsonNode pod = KustomizeBuild.build(root).get(0).path("spec").path("template").path("spec");

        assertThat(values(pod.path("containers"), "name")).containsExactly("sidecar", "app");
        JsonNode app = pod.path("containers").get(1);
        assertThat(values(app.path("ports"), "name")).containsExactly("admin", "http");
        assertThat(values(app.path("volumeMounts"), "mountPath")).containsExactly("/x", "/b", "/a", "/c");
        assertThat(values(app.path("volumeMounts"), "name")).containsExactly("x", "b2", "a", "c");
        assertThat(app.path("resources").has("limits")).isFalse();
        assertThat(app.path("image").asText()).isEqualTo("app:1");
    }

    @Test
    void customResourceListsAreReplaced() throws IOException {
        write("app.yaml", """
                apiVersion: apps.openliberty.io/v1
                kind: OpenLibertyApplication
                metadata: {name: app}
                spec:
                  env: [{name: A, value: "1"}, {name: B, value: "2"}]
                """);
        write("patch.yaml", """
                apiVersion: apps.openliberty.io/v1
                kind: OpenLibertyApplication
                metadata: {name: app}
                spec:
                  env: [{name: C, value: "3"}]
                """);
        write("kustomization.yaml", "resources: [app.yaml]\npatches:\n  - path: patch.yaml\n");

        assertThat(values(KustomizeBuild.build(root).get(0).path("spec").path("env"), "name")).containsExactly("C");
    }

    @Test
    void refusesUnsupportedKeys() throws IOException {
        write("deployment.yaml", DEPLOYMENT);
        write("kustomization.yaml", "resources: [deployment.yaml]\nimages:\n  - name: app\n    newTag: \"2\"\n");

        assertThatThrownBy(() -> KustomizeBuild.build(root)).isInstanceOf(KustomizeException.class)
                .hasMessageContaining("unsupported kustomization key 'images'");
    }

    @Test
    void refusesPatchTargets() throws IOException {
        write("deployment.yaml", DEPLOYMENT);
        write("kustomization.yaml", "resources: [deployment.yaml]\npatches:\n  - path: p.yaml\n    target: {kind: Deployment}\n");

        assertThatThrownBy(() -> KustomizeBuild.build(root)).isInstanceOf(KustomizeException.class)
                .hasMessageContaining("unsupported kustomization key 'target'");
    }

    @Test
    void refusesListsWithoutAModelledMergeRule() throws IOException {
        write("deployment.yaml", DEPLOYMENT);
        write("patch.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  template:
                    spec:
                      tolerations: [{key: k, operator: Exists}]
                """);
        write("kustomization.yaml", "resources: [deployment.yaml]\npatches:\n  - path: patch.yaml\n");

        assertThatThrownBy(() -> KustomizeBuild.build(root)).hasMessageContaining("spec.template.spec.tolerations");
    }

    @Test
    void refusesPatchDirectives() throws IOException {
        write("deployment.yaml", DEPLOYMENT);
        write("patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\n$patch: delete\n");
        write("kustomization.yaml", "resources: [deployment.yaml]\npatches:\n  - path: patch.yaml\n");

        assertThatThrownBy(() -> KustomizeBuild.build(root)).hasMessageContaining("patch directive $patch");
    }

    @Test
    void refusesAPatchWithoutTarget() throws IOException {
        write("deployment.yaml", DEPLOYMENT);
        write("patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\n");
        write("kustomization.yaml", "resources: [deployment.yaml]\npatches:\n  - path: patch.yaml\n");

        assertThatThrownBy(() -> KustomizeBuild.build(root)).hasMessageContaining("no resource matches");
    }

    @Test
    void refusesDuplicateIdsAndFilesOutsideTheRoot() throws IOException {
        write("a/deployment.yaml", DEPLOYMENT);
        write("a/kustomization.yaml", "resources: [deployment.yaml, ../a/deployment.yaml]\n");
        assertThatThrownBy(() -> KustomizeBuild.build(root.resolve("a"))).hasMessageContaining("already registered id");

        write("b/kustomization.yaml", "resources: [../a/deployment.yaml]\n");
        assertThatThrownBy(() -> KustomizeBuild.build(root.resolve("b"))).hasMessageContaining("not in or below");
    }

    @Test
    void refusesDuplicateYamlKeys() throws IOException {
        write("deployment.yaml", DEPLOYMENT + "metadata: {name: again}\n");
        write("kustomization.yaml", "resources: [deployment.yaml]\n");

        assertThatThrownBy(() -> KustomizeBuild.build(root)).hasMessageContaining("Duplicate field 'metadata'");
    }

    @Test
    void basesMayLieOutsideTheRoot() throws IOException {
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/kustomization.yaml", "resources: [deployment.yaml]\n");
        write("overlay/kustomization.yaml", "resources: [../base]\n");

        List<ObjectNode> rendered = KustomizeBuild.build(root.resolve("overlay"));

        assertThat(rendered).extracting(r -> r.path("metadata").path("name").asText()).containsExactly("app");
    }

    private void write(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> values(JsonNode list, String field) {
        List<String> values = new ArrayList<>();
        list.forEach(element -> values.add(element.path(field).asText()));
        return values;
    }
}
