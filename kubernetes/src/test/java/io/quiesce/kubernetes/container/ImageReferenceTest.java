package io.quiesce.kubernetes.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    @Test
    void aRegistryPortIsNotATag() {
        ImageReference reference = ImageReference.parse("registry.example.com:5000/quiesce/quiesce");

        assertThat(reference.tag()).isEmpty();
        assertThat(reference.notPinnedBecause()).contains("has no tag (it means latest)");
    }

    @Test
    void pinnedVersionsAndDigestsPass() {
        assertThat(ImageReference.parse("registry.example.com:5000/q/q:0.1.0").notPinnedBecause())
                .isEmpty();
        assertThat(ImageReference.parse("q@sha256:0123").notPinnedBecause()).isEmpty();
        assertThat(ImageReference.parse("eclipse-temurin:17.0.15_6-jre-noble@sha256:0123")
                        .digest())
                .contains("sha256:0123");
    }

    @Test
    void latestSnapshotsAndWordsFail() {
        assertThat(ImageReference.parse("q:LATEST").notPinnedBecause()).isPresent();
        assertThat(ImageReference.parse("q:0.1.0-snapshot").notPinnedBecause()).isPresent();
        assertThat(ImageReference.parse("q:stable").notPinnedBecause()).isPresent();
    }
}
