package io.quiesce.rehearsal.release;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.testkit.Git;
import io.quiesce.testkit.Releases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/** Resolves {@code -Dquiesce.rehearsal.from} to the release the overlay's replicas start from. */
public final class PreviousRelease {

    private static final String CODE_VERSION = "quiesce.workflow.code-version";

    private PreviousRelease() {}

    /** Builds (or finds in the cache) the previous release's packaged server: minutes for a new commit. */
    public static Release resolve(RehearsalConfig config, EventLog log) throws IOException, InterruptedException {
        RehearsalConfig.Upgrade upgrade = config.upgrade();
        String from = upgrade.from().orElseThrow();
        Path asPath = config.root().resolve(from);
        if (Files.isDirectory(asPath)) {
            Path wlp = Release.requirePackaged(asPath.toAbsolutePath().normalize(), RehearsalConfig.PREFIX + "from");
            String version = upgrade.fromVersion()
                    .or(() -> declaredCodeVersion(wlp))
                    .orElseThrow(() -> new IllegalStateException("cannot tell which code version " + wlp + " records:"
                            + " name it with -D" + RehearsalConfig.PREFIX + "from-version"));
            return new Release(version, wlp, "packaged server " + wlp, 0);
        }
        Git git = Git.at(config.root()).requireHistory("-D" + RehearsalConfig.PREFIX + "from=" + from);
        String commit = git.commit(from)
                .orElseThrow(() -> new IllegalStateException("-D" + RehearsalConfig.PREFIX + "from=" + from + " names"
                        + " neither a commit of this repository nor a directory (a shallow clone lacks older commits:"
                        + " git fetch --unshallow)"));
        Optional<Releases.Release> listed = Files.isRegularFile(config.root().resolve(Releases.FILE))
                ? Releases.read(config.root()).byCommit(commit)
                : Optional.empty();
        String version = upgrade.fromVersion()
                .or(() -> listed.map(Releases.Release::version))
                .orElse(commit.substring(0, 7));
        ReleaseBuilds.Built built =
                new ReleaseBuilds(upgrade.releaseCache(), upgrade.mavenRepository(), log).packagedServer(git, commit);
        String origin = "commit " + commit.substring(0, 7) + (listed.isPresent() ? " (" + Releases.FILE + ")" : "");
        return new Release(version, built.wlp(), origin, built.seconds());
    }

    /** The default code version in the WAR's workflow jar: the version the release was built as. */
    static Optional<String> declaredCodeVersion(Path wlp) {
        Path war = wlp.resolve("usr/servers/" + Release.SERVER + "/apps/quiesce.war");
        if (!Files.isRegularFile(war)) {
            return Optional.empty();
        }
        try (ZipFile zip = new ZipFile(war.toFile())) {
            Optional<? extends ZipEntry> jar = zip.stream()
                    .filter(e -> e.getName().matches("WEB-INF/lib/quiesce-workflow[^/]*\\.jar"))
                    .findFirst();
            if (jar.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(jar.get());
                    ZipInputStream nested = new ZipInputStream(in)) {
                for (ZipEntry e; (e = nested.getNextEntry()) != null; ) {
                    if (e.getName().equals("META-INF/microprofile-config.properties")) {
                        Properties defaults = new Properties();
                        defaults.load(new ByteArrayInputStream(nested.readAllBytes()));
                        return Optional.ofNullable(defaults.getProperty(CODE_VERSION));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
