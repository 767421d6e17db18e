package io.quiesce.rehearsal.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.testkit.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release cache on a repository of its own whose Maven wrapper only writes what a packaged server has and the
 * arguments it got: built once per commit, reused, and a failed build named with its log.
 */
class ReleaseBuildsTest {

    private static final String PACKAGING_WRAPPER = "#!/bin/sh\n"
            + "echo \"$@\" >> \"$(dirname \"$0\")/../invocations\"\n"
            + "mkdir -p server/target/liberty/wlp/bin server/target/liberty/wlp/usr/servers/quiesce\n"
            + "printf '#!/bin/sh\\n' > server/target/liberty/wlp/bin/server && chmod +x server/target/liberty/wlp/bin/server\n"
            + "echo '<server/>' > server/target/liberty/wlp/usr/servers/quiesce/server.xml\n";

    @TempDir
    Path repository;

    @TempDir
    Path cache;

    private final EventLog log = EventLog.named(ReleaseBuildsTest.class.getName(), LogFormat.TEXT);

    @BeforeEach
    void commitAWrapper() throws Exception {
        git("init", "-q");
        git("config", "user.email", "test@example.com");
        git("config", "user.name", "test");
    }

    @Test
    void aCommitIsBuiltOnceWithoutTestsOrDevServicesAndReusedAfterwards() throws Exception {
        String commit = commit(PACKAGING_WRAPPER);
        ReleaseBuilds builds = new ReleaseBuilds(cache, Optional.of(Path.of("/m2/repository")), log);

        ReleaseBuilds.Built first = builds.packagedServer(Git.at(repository), commit);
        ReleaseBuilds.Built second = builds.packagedServer(Git.at(repository), commit);

        assertThat(first.wlp()).isEqualTo(cache.resolve(commit).resolve("src/server/target/liberty/wlp"));
        assertThat(second).isEqualTo(new ReleaseBuilds.Built(first.wlp(), 0));
        assertThat(Files.readAllLines(cache.resolve(commit).resolve("invocations")))
                .as("one build, only as far as the packaged server")
                .containsExactly("--batch-mode --no-transfer-progress -pl server -am -DskipTests"
                        + " -Dquiesce.devservices.skip=true -Dspotless.check.skip=true -Dmaven.repo.local=/m2/repository"
                        + " pre-integration-test");
        assertThat(cache.resolve(commit).resolve("src/.git")).doesNotExist();
        assertThat(cache.resolve(commit).resolve(ReleaseBuilds.BUILT)).content().contains("commit=" + commit);
    }

    @Test
    void aFailedBuildNamesItsLogAndIsBuiltAgainNextTime() throws Exception {
        String commit = commit("#!/bin/sh\necho 'COMPILATION ERROR in Foo.java'\nexit 1\n");
        ReleaseBuilds builds = new ReleaseBuilds(cache, Optional.empty(), log);

        assertThatThrownBy(() -> builds.packagedServer(Git.at(repository), commit))
                .hasMessageContaining("building the packaged server of commit " + commit + " failed (exit code 1)")
                .hasMessageContaining(cache.resolve(commit).resolve("build.log").toString())
                .hasMessageContaining("COMPILATION ERROR in Foo.java");
        assertThat(cache.resolve(commit).resolve(ReleaseBuilds.BUILT)).doesNotExist();
    }

    private String commit(String wrapper) throws Exception {
        Path mvnw = repository.resolve("mvnw");
        Files.writeString(mvnw, wrapper);
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        git("add", "mvnw");
        git("commit", "-q", "-m", "a release");
        return Git.at(repository).commit("HEAD").orElseThrow();
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}
