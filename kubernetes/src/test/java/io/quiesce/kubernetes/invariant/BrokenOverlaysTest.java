package io.quiesce.kubernetes.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiesce.kubernetes.Repository;
import io.quiesce.kubernetes.app.ConfigDefaults;
import io.quiesce.kubernetes.manifest.StrictYaml;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves every invariant can fail. Each directory under src/test/resources/broken/overlays is a small kustomization on
 * top of a real overlay (so it stays in sync with it) that breaks exactly one thing, plus expected-failure.yaml:
 * <pre>
 * replaces: deployment          # the real overlay it stands in for
 * fails: [shutdown-budget]      # exactly the invariants that must be reported
 * message: "drain-timeout 60s"  # a fragment of the expected message
 * </pre>
 * An optional extra-defaults.properties is added to the app's defaults as if a new module shipped it.
 */
class BrokenOverlaysTest {

    private static final String EXPECTATION = "expected-failure.yaml";
    private static final String EXTRA_DEFAULTS = "extra-defaults.properties";

    private final DeploymentContext context = DeploymentContext.load(Repository.root());

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> directories = Files.list(Repository.brokenFixtures("overlays"))) {
            return directories.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureFailsExactlyItsInvariant(Path fixture) {
        ObjectNode expected = StrictYaml.readSingleDocument(fixture.resolve(EXPECTATION));
        Map<String, Path> overlays = new LinkedHashMap<>(Repository.overlays());
        String replaced = expected.path("replaces").asText();
        assertThat(overlays).as("replaces").containsKey(replaced);
        overlays.put(replaced, fixture);

        List<Violation> violations = DeploymentChecker.check(overlays, contextFor(fixture));

        Set<String> expectedIds = new TreeSet<>();
        expected.path("fails").forEach(id -> expectedIds.add(id.asText()));
        Set<String> actualIds = new TreeSet<>();
        violations.forEach(v -> actualIds.add(v.invariant()));
        assertThat(actualIds)
                .as("violated invariants of %s: %s", fixture.getFileName(), violations)
                .isEqualTo(expectedIds);
        assertThat(violations)
                .extracting(Violation::message)
                .as("messages")
                .anySatisfy(message ->
                        assertThat(message).contains(expected.path("message").asText()));
    }

    @Test
    void everyInvariantHasAFixtureThatBreaksIt() throws IOException {
        Set<String> covered = new TreeSet<>();
        for (Path fixture : fixtures().toList()) {
            StrictYaml.readSingleDocument(fixture.resolve(EXPECTATION))
                    .path("fails")
                    .forEach(id -> covered.add(id.asText()));
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(DeploymentChecker.INVARIANTS);
    }

    private DeploymentContext contextFor(Path fixture) {
        Path extra = fixture.resolve(EXTRA_DEFAULTS);
        if (!Files.exists(extra)) {
            return context;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(extra)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigDefaults defaults = context.defaults().with(properties, fixture.getFileName() + "/" + EXTRA_DEFAULTS);
        return context.withDefaults(defaults);
    }
}
