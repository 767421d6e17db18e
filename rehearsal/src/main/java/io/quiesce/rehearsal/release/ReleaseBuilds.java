package io.quiesce.rehearsal.release;

import static io.quiesce.lifecycle.log.EventLog.fields;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.testkit.Directories;
import io.quiesce.testkit.Git;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Packaged servers of earlier commits, one directory per commit under the cache: the commit's tree exported with
 * {@code git archive} into {@code <commit>/src} and built there with that tree's own Maven wrapper, only as far as its
 * packaged server ({@code -pl server -am}, phase pre-integration-test: jars, WAR, Liberty server; no tests, no dev
 * services, nothing installed into the Maven repository), offline-capable with the running build's local repository. A
 * finished build leaves {@value #BUILT}, and the next rehearsal of that commit reuses it. Builds of one commit are
 * serialised by a file lock, so two rehearsals never build into the same directory.
 */
public final class ReleaseBuilds {

    static final String BUILT = "built";
    static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final int LOG_TAIL = 25;

    private final Path cache;
    private final Optional<Path> mavenRepository;
    private final EventLog log;

    public ReleaseBuilds(Path cache, Optional<Path> mavenRepository, EventLog log) {
        this.cache = cache;
        this.mavenRepository = mavenRepository;
        this.log = log;
    }

    /** What a build produced: the packaged server, and how long building took (0 when it was cached). */
    public record Built(Path wlp, long seconds) {}

    public Built packagedServer(Git git, String commit) throws IOException, InterruptedException {
        Path dir = cache.resolve(commit);
        Files.createDirectories(cache);
        try (FileChannel channel = FileChannel.open(
                        cache.resolve(commit + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Path wlp = dir.resolve("src/server/target/liberty/wlp");
            if (Files.isRegularFile(dir.resolve(BUILT))) {
                log.info("rehearsal.release_cached", fields("commit", commit, "wlp", wlp));
                return new Built(Release.requirePackaged(wlp, "the cached build of " + commit), 0);
            }
            Directories.deleteRecursively(dir);
            long began = System.nanoTime();
            log.info("rehearsal.release_building", fields("commit", commit, "directory", dir));
            Path src = dir.resolve("src");
            git.export(commit, src);
            Path buildLog = dir.resolve("build.log");
            int code = maven(src, buildLog);
            if (code != 0) {
                throw new IllegalStateException("building the packaged server of commit " + commit
                        + " failed (exit code " + code + "): see " + buildLog + "\n" + tail(buildLog));
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
            Release.requirePackaged(wlp, "the build of " + commit);
            Files.writeString(
                    dir.resolve(BUILT),
                    "commit=" + commit + "\nbuilt=" + Instant.now() + "\nseconds=" + seconds + "\n");
            log.info("rehearsal.release_built", fields("commit", commit, "seconds", seconds, "wlp", wlp));
            return new Built(wlp, seconds);
        }
    }

    private int maven(Path src, Path buildLog) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                src.resolve("mvnw").toString(),
                "--batch-mode",
                "--no-transfer-progress",
                "-pl",
                "server",
                "-am",
                // Not maven.test.skip: since 0.3.0 modules depend on database's test jar, which needs its tests
                // compiled.
                "-DskipTests",
                "-Dquiesce.devservices.skip=true",
                "-Dspotless.check.skip=true"));
        mavenRepository.ifPresent(repo -> command.add("-Dmaven.repo.local=" + repo));
        command.add("pre-integration-test");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(src.toFile())
                .redirectErrorStream(true)
                .redirectOutput(buildLog.toFile());
        // The wrapper finds Java through JAVA_HOME first: the JDK this rehearsal runs on, unless one is set.
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException(
                    "building " + src + " took over " + TIMEOUT.toMinutes() + " minutes: see " + buildLog);
        }
        return process.exitValue();
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size()));
    }
}
