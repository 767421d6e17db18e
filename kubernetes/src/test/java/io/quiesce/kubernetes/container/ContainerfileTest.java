package io.quiesce.kubernetes.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiesce.kubernetes.Repository;
import io.quiesce.kubernetes.app.ServerXml;
import io.quiesce.kubernetes.invariant.ContainerfileChecks;
import io.quiesce.kubernetes.invariant.Violation;
import io.quiesce.kubernetes.manifest.StrictYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Containerfile's invariants hold for the real file, and each can fail: every fixture under
 * src/test/resources/broken/containerfile edits the real Containerfile (regular expression, which must match exactly
 * once, so a fixture cannot silently stop breaking anything) and names the invariants that must then be reported.
 */
class ContainerfileTest {

    private final ServerXml server = ServerXml.read(Repository.root().resolve("liberty/server.xml"));

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(Repository.brokenFixtures("containerfile"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void realContainerfileHoldsEveryInvariant() throws IOException {
        assertThat(ContainerfileChecks.check(Containerfile.parse(realText()), server))
                .isEmpty();
    }

    @Test
    void imageLayoutListsWhereLibertyWrites() throws IOException {
        ImageLayout layout = ImageLayout.of(Containerfile.parse(realText()), server);

        assertThat(layout.serverConfigDirectory()).contains("/opt/ol/wlp/usr/servers/quiesce");
        assertThat(layout.writablePaths()).containsExactly("/tmp", "/opt/ol/wlp/output", "/logs");
    }

    @Test
    void theExpandedWarIsWritableWhereverServerXmlPutsIt() {
        Optional<String> config = Optional.of("/opt/ol/wlp/usr/servers/quiesce");
        assertThat(ImageLayout.expandDirectory(
                        "${server.output.dir}/apps/expanded/", config, Optional.of("/opt/ol/wlp/output")))
                .contains("/opt/ol/wlp/output/quiesce/apps/expanded");
        assertThat(ImageLayout.expandDirectory("${server.output.dir}/apps/expanded/", config, Optional.empty()))
                .contains("/opt/ol/wlp/usr/servers/quiesce/apps/expanded");
        assertThat(ImageLayout.expandDirectory(
                        "${server.config.dir}/apps/expanded/", config, Optional.of("/opt/ol/wlp/output")))
                .contains("/opt/ol/wlp/usr/servers/quiesce/apps/expanded");
        assertThat(ImageLayout.expandDirectory(
                        "${server.config.dir}/apps/expanded/", Optional.empty(), Optional.empty()))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureFailsExactlyItsInvariant(Path fixture) throws IOException {
        ObjectNode expected = StrictYaml.readSingleDocument(fixture);
        String text = realText();
        for (JsonNode edit : expected.path("edits")) {
            Matcher matcher = Pattern.compile(edit.path("find").asText()).matcher(text);
            assertThat(matcher.results().count())
                    .as("matches of %s", edit.path("find").asText())
                    .isEqualTo(1);
            text = matcher.replaceFirst(
                    Matcher.quoteReplacement(edit.path("replace").asText()));
        }

        List<Violation> violations = ContainerfileChecks.check(Containerfile.parse(text), server);

        Set<String> expectedIds = new TreeSet<>();
        expected.path("fails").forEach(id -> expectedIds.add(id.asText()));
        Set<String> actualIds = new TreeSet<>();
        violations.forEach(v -> actualIds.add(v.invariant()));
        assertThat(actualIds).as("violated invariants: %s", violations).isEqualTo(expectedIds);
        assertThat(violations)
                .extracting(Violation::message)
                .anySatisfy(message ->
                        assertThat(message).contains(expected.path("message").asText()));
    }

    @Test
    void everyInvariantHasAFixtureThatBreaksIt() throws IOException {
        Set<String> covered = new TreeSet<>();
        for (Path fixture : fixtures().toList()) {
            StrictYaml.readSingleDocument(fixture).path("fails").forEach(id -> covered.add(id.asText()));
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(ContainerfileChecks.INVARIANTS);
    }

    @Test
    void parsesContinuationsCommentsAndStages() {
        Containerfile file = Containerfile.parse("""
                ARG V=1
                # comment
                FROM a:1 AS build
                RUN one \\
                  # dropped comment
                  two
                FROM b:2
                ENV A=1 B="two words" \\
                    C=3
                """);

        assertThat(file.stages()).extracting(Containerfile.Stage::baseImage).containsExactly("a:1", "b:2");
        assertThat(file.stages().get(0).name()).contains("build");
        assertThat(file.stages().get(0).instructions().get(0).arguments()).matches("one\\s+two");
        assertThat(file.finalStage().environment())
                .containsEntry("B", "two words")
                .containsEntry("C", "3");
    }

    private static String realText() throws IOException {
        return Files.readString(Repository.root().resolve("Containerfile"));
    }
}
