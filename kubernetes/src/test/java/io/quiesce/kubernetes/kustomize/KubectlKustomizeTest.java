package io.quiesce.kubernetes.kustomize;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running kubectl: a missing or hung kubectl and a refused kustomization each fail with a message that says why. */
class KubectlKustomizeTest {

    @TempDir
    Path work;

    @Test
    void withoutKubectlSaysHowToInstallIt() {
        assertThatThrownBy(() -> KubectlKustomize.locate(null, work.toString(), KubectlKustomize.TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kubectl not found on the PATH")
                .hasMessageContaining("apt-get install kubectl")
                .hasMessageContaining("-Dquiesce.kubectl=");
    }

    @Test
    void aConfiguredKubectlMustBeAnExecutable() {
        String missing = work.resolve("kubectl").toString();

        assertThatThrownBy(() -> KubectlKustomize.locate(missing, "", KubectlKustomize.TIMEOUT))
                .hasMessageContaining("-Dquiesce.kubectl=" + missing + " is not an executable file");
    }

    @Test
    void aRefusedKustomizationNamesTheDirectoryAndCarriesKustomizesError() throws IOException {
        Files.writeString(work.resolve("kustomization.yaml"), "resources: [missing.yaml]\n");

        assertThatThrownBy(() -> KubectlKustomize.locate().build(work))
                .isInstanceOf(KustomizeException.class)
                .hasMessageContaining("kubectl kustomize " + work + " failed (exit 1)")
                .hasMessageContaining("missing.yaml");
    }

    @Test
    void aHungKubectlIsKilledAtTheDeadline() throws IOException {
        Path bin = Files.createDirectory(work.resolve("bin"));
        Path stub = Files.writeString(bin.resolve("kubectl"), "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwx------"));
        KubectlKustomize kustomize = KubectlKustomize.locate(null, bin.toString(), Duration.ofMillis(200));

        assertThatThrownBy(() -> kustomize.build(work))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kubectl kustomize " + work)
                .hasMessageContaining("did not finish within");
    }
}
