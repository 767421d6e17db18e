package io.quiesce.kubernetes.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.kubernetes.Repository;
import org.junit.jupiter.api.Test;

class ImageJvmTest {

    private final ImageJvm image = ImageJvm.of(Repository.root().resolve("Containerfile"));

    @Test
    void readsTheImagesOptions() {
        assertThat(image.options()).startsWith("-XX:MaxRAMPercentage=50 ").contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void makesThePodsLimitsExplicitBeforeTheImagesOptions() {
        assertThat(image.sizedFor("768m", 2))
                .isEqualTo("-XX:MaxRAM=768m -XX:ActiveProcessorCount=2 " + image.options());
    }

    @Test
    void leavesOutALimitThePodDoesNotHave() {
        assertThat(image.sizedFor("", 0)).isEqualTo(image.options());
        assertThat(new ImageJvm("").sizedFor("805306368", 0)).isEqualTo("-XX:MaxRAM=805306368");
    }
}
