package io.quiesce.kubernetes.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiesce.kubernetes.Repository;
import io.quiesce.kubernetes.manifest.StrictYaml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves {@link KustomizeBuild} renders what real kustomize renders, for the shipped overlays and every broken fixture
 * it can build, and the merge samples in src/test/resources/kustomize: both outputs are compared resource by resource. Runs where {@code kubectl} (which embeds kustomize) is
 * installed, and is skipped, visibly, where it is not.
 */
class KustomizeCrossCheckTest {

    private static final long TIMEOUT_SECONDS = 60;

    @BeforeAll
    static void requireKubectl() {
        assumeTrue(kubectlAvailable(), "kubectl is not installed: cannot compare with real kustomize");
    }

    static Stream<Path> kustomizations() throws IOException {
        List<Path> directories = new ArrayList<>(Repository.overlays().values());
        directories.add(Repository.module().resolve("base"));
        for (Path parent : List.of(Repository.brokenFixtures("overlays"), Repository.module().resolve("src/test/resources/kustomize"))) {
            try (Stream<Path> children = Files.list(parent)) {
                children.filter(Files::isDirectory).sorted().forEach(directories::add);
            }
        }
        return directories.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void rendersLikeKubectlKustomize(Path directory) throws Exception {
        List<ObjectNode> ours;
        try {
            ours = KustomizeBuild.build(directory);
        } catch (KustomizeException e) {
            return; // deliberately unsupported input (a broken fixture): nothing rendered to compare
        }
        assertThat(byId(ours)).isEqualTo(byId(kubectlKustomize(directory)));
    }

    private static Map<String, ObjectNode> byId(List<ObjectNode> resources) {
        Map<String, ObjectNode> byId = new TreeMap<>();
        resources.forEach(resource -> byId.put(ResourceId.of(resource).toString(), resource));
        return byId;
    }

    private static List<ObjectNode> kubectlKustomize(Path directory) throws Exception {
        Path output = Files.createTempFile("kustomize", ".yaml");
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString())
                    .redirectOutput(output.toFile()).redirectErrorStream(false).start();
            String errors = new String(process.getErrorStream().readAllBytes());
            assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
            assertThat(process.exitValue()).as("kubectl kustomize %s: %s", directory, errors).isZero();
            return StrictYaml.readDocuments(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean kubectlAvailable() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
