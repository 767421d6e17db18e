package io.quiesce.database.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.Git;
import io.quiesce.testkit.Releases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The migration gate of the test command: every module's {@code db/migration} scripts against those of the release in
 * production (the newest in {@code releases.txt}, read from git), by {@link MigrationRule}.
 */
class MigrationGateTest {

    private static final Logger LOG = Logger.getLogger(MigrationGateTest.class.getName());
    /** Where every module keeps its scripts (database's ClasspathMigrations reads the same folder from each jar). */
    private static final Pattern SCRIPT = Pattern.compile("[^/]+/src/main/resources/db/migration/[^/]+\\.sql");

    private final Path root =
            Path.of(System.getProperty("user.dir")).resolve("..").normalize();

    @Test
    void everyNewScriptOnlyExpandsTheSchemaOfTheReleaseInProduction() throws IOException {
        Releases.Release production = Releases.read(root).newest();
        Git git = Git.at(root).requireHistory("The migration gate (MigrationGateTest)");
        String commit = git.commit(production.commit())
                .orElseThrow(() -> new IllegalStateException("commit " + production.commit() + " of release "
                        + production + " (" + Releases.FILE + ") is not in this clone: fetch the whole history"
                        + " (git fetch --unshallow)"));
        Map<String, String> released = new HashMap<>();
        git.files(commit).stream()
                .filter(path -> SCRIPT.matcher(path).matches())
                .forEach(path -> released.put(
                        Path.of(path).getFileName().toString(),
                        new String(git.show(commit, path), StandardCharsets.UTF_8)));
        List<MigrationRule.Script> scripts = scripts();

        List<MigrationRule.Violation> violations = new MigrationRule(production.toString(), released).check(scripts);
        String added = scripts.stream()
                .map(MigrationRule.Script::name)
                .filter(name -> !released.containsKey(name))
                .sorted()
                .collect(Collectors.joining(","));
        LOG.info("event=test.migration_gate release=" + production.version() + " released_scripts=" + released.size()
                + " scripts=" + scripts.size() + " new_scripts=" + added + " violations=" + violations.size());

        assertThat(released).as("scripts of release " + production).isNotEmpty();
        assertThat(violations)
                .as("scripts that would break release " + production + " during the rollout")
                .isEmpty();
    }

    private List<MigrationRule.Script> scripts() throws IOException {
        try (Stream<Path> modules = Files.list(root)) {
            List<Path> files = modules.map(m -> m.resolve("src/main/resources/db/migration"))
                    .filter(Files::isDirectory)
                    .flatMap(MigrationGateTest::sqlFiles)
                    .sorted()
                    .toList();
            List<MigrationRule.Script> scripts = new java.util.ArrayList<>();
            for (Path file : files) {
                scripts.add(new MigrationRule.Script(
                        file.getFileName().toString(), root.relativize(file).toString(), Files.readString(file)));
            }
            return scripts;
        }
    }

    private static Stream<Path> sqlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".sql")).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
