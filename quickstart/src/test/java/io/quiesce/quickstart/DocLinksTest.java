package io.quiesce.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyRelativeLinkOfTheDocsLeadsToAFileAndHeadingThatExist() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("kubernetes/README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).hasSizeGreaterThan(5);
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(DocLinks.broken(page));
        }
        assertThat(broken).as("broken relative links").isEmpty();
    }

    @Test
    void aMissingFileOrHeadingIsReportedWithItsLineAndCodeIsIgnored(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## Dev mode: `-Pdev`\n");
        Path page = dir.resolve("page.md");
        Files.writeString(
                page,
                String.join(
                        "\n",
                        "# Page",
                        "[ok](other.md#dev-mode--pdev) [self](#page) [web](https://example.org/x)",
                        "[gone](missing.md) [no heading](other.md#nothing)",
                        "    [in code](missing.md)",
                        "```",
                        "[fenced](missing.md)",
                        "```"));

        assertThat(DocLinks.broken(page))
                .containsExactly(
                        page + ":3: missing.md (no such file)", page + ":3: other.md#nothing (no such heading)");
    }
}
