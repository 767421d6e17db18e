package io.quiesce.kubernetes.kustomize;

import static io.quiesce.lifecycle.config.Durations.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiesce.kubernetes.manifest.StrictYaml;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds a kustomization with real kustomize, {@code kubectl kustomize}, so the checks read what
 * {@code kubectl apply -k} sends. kubectl is required: the one {@value #KUBECTL_PROPERTY} names, else the PATH's.
 */
public final class KubectlKustomize {

    public static final String KUBECTL_PROPERTY = "quiesce.kubectl";
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String MISSING = "kubectl not found on the PATH: the kubernetes module builds its overlays with real"
            + " kustomize (kubectl kustomize), so kubectl is required, in CI as well. Install it (apt-get install kubectl;"
            + " .ci/run installs it) or name one with -D" + KUBECTL_PROPERTY + "=/path/to/kubectl";

    private final Path kubectl;
    private final Duration timeout;

    private KubectlKustomize(Path kubectl, Duration timeout) {
        this.kubectl = kubectl;
        this.timeout = timeout;
    }

    public static KubectlKustomize locate() {
        return locate(System.getProperty(KUBECTL_PROPERTY), System.getenv("PATH"), TIMEOUT);
    }

    static KubectlKustomize locate(String configured, String searchPath, Duration timeout) {
        if (configured != null && !configured.isBlank()) {
            Path kubectl = Path.of(configured);
            if (!isExecutableFile(kubectl)) {
                throw new IllegalStateException(
                        "-D" + KUBECTL_PROPERTY + "=" + configured + " is not an executable file");
            }
            return new KubectlKustomize(kubectl, timeout);
        }
        return Stream.of(Optional.ofNullable(searchPath).orElse("").split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, "kubectl"))
                .filter(KubectlKustomize::isExecutableFile)
                .findFirst()
                .map(kubectl -> new KubectlKustomize(kubectl, timeout))
                .orElseThrow(() -> new IllegalStateException(MISSING));
    }

    /** The rendered resources; a {@link KustomizeException} when kustomize refuses the kustomization. */
    public List<ObjectNode> build(Path kustomization) {
        String command = "kubectl kustomize " + kustomization;
        try {
            Path output = Files.createTempFile("kustomize-", ".yaml");
            Path errors = Files.createTempFile("kustomize-", ".err");
            try {
                int exitCode = run(kustomization, output, errors, command);
                if (exitCode != 0) {
                    throw new KustomizeException(command + " failed (exit " + exitCode + "): "
                            + Files.readString(errors).strip());
                }
                return StrictYaml.readDocuments(Files.readString(output), command);
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(command + ": " + e.getMessage(), e);
        }
    }

    private int run(Path kustomization, Path output, Path errors, String command) throws IOException {
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        command + " (" + kubectl + ") did not finish within " + format(timeout));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + ": interrupted", e);
        }
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
