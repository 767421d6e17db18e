package io.quiesce.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasesTest {

    private static final String A = "a".repeat(40);
    private static final String B = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path root;

    @Test
    void readsReleasesOldestFirstSkippingComments() throws IOException {
        write("# what a release is\n\n0.2.0 " + A + "\n0.3.0 " + B + "   # shipped on Monday\n");

        Releases releases = Releases.read(root);

        assertThat(releases.all()).extracting(Releases.Release::version).containsExactly("0.2.0", "0.3.0");
        assertThat(releases.newest()).isEqualTo(new Releases.Release("0.3.0", B));
        assertThat(releases.newest().shortCommit()).isEqualTo("0123456");
        assertThat(releases.byCommit(A)).map(Releases.Release::version).contains("0.2.0");
        assertThat(releases.byCommit(B.replace('0', 'f'))).isEmpty();
    }

    @Test
    void aMalformedLineIsNamedWithItsNumber() throws IOException {
        write("0.2.0 " + A + "\n0.3.0 e50742f\n");

        assertThatThrownBy(() -> Releases.read(root))
                .hasMessageContaining("releases.txt:2: '0.3.0 e50742f' is not '<version> <full commit id>'");
    }

    @Test
    void aRepeatedVersionIsRefused() throws IOException {
        write("0.2.0 " + A + "\n0.2.0 " + B + "\n");

        assertThatThrownBy(() -> Releases.read(root)).hasMessageContaining("releases.txt:2:");
    }

    @Test
    void anEmptyListHasNoNewest() throws IOException {
        write("# nothing shipped yet\n");

        assertThatThrownBy(() -> Releases.read(root).newest()).hasMessageContaining("lists no release yet");
    }

    @Test
    void theRepositorysOwnListIsValid() {
        Releases releases =
                Releases.read(Path.of(System.getProperty("user.dir")).resolve(".."));

        assertThat(releases.all()).isNotEmpty();
    }

    private void write(String content) throws IOException {
        Files.writeString(root.resolve(Releases.FILE), content);
    }
}
