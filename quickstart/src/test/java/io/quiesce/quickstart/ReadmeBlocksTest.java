package io.quiesce.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeBlocksTest {

    @Test
    void aMarkedBlockIsTheIndentedCodeAfterTheMarker() {
        assertThat(ReadmeBlocks.parse(List.of(
                        "Run it:",
                        "",
                        "<!-- quickstart:run (a note) -->",
                        "",
                        "    ./mvnw verify",
                        "    curl localhost \\",
                        "         -i",
                        "",
                        "Then:",
                        "",
                        "    not marked")))
                .containsOnlyKeys("run")
                .containsEntry("run", "./mvnw verify\ncurl localhost \\\n     -i\n");
    }

    @Test
    void aMarkerWithoutABlockOrTwiceIsAnError() {
        assertThatThrownBy(() -> ReadmeBlocks.parse(List.of("<!-- quickstart:run -->", "", "text")))
                .hasMessageContaining("no indented code block after the marker run");
        assertThatThrownBy(() -> ReadmeBlocks.parse(
                        List.of("<!-- quickstart:run -->", "    a", "<!-- quickstart:run -->", "    b")))
                .hasMessageContaining("appears twice");
    }
}
