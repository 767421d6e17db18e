package io.quiesce.rehearsal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.ConfigReader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodResourcesTest {

    private static final ResourceRequirements OVERLAY = new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("500m"))
            .addToRequests("memory", new Quantity("768Mi"))
            .addToLimits("cpu", new Quantity("2"))
            .addToLimits("memory", new Quantity("768Mi"))
            .build();

    @Test
    void theOverlaysResourcesAsTheKubeletWritesThem() {
        PodResources resources = PodResources.of(OVERLAY, config(Map.of()));

        assertThat(resources).isEqualTo(new PodResources(500, 2000, 768L * 1024 * 1024, true));
        assertThat(resources.cpuShares()).isEqualTo(512);
        assertThat(resources.cpuWeight()).isEqualTo(20);
        assertThat(resources.cpuQuotaMicros()).isEqualTo(200_000);
        assertThat(resources.cpuCount()).isEqualTo(2);
    }

    @Test
    void withoutResourcesTheMinimumShareAndNoLimit() {
        PodResources resources = PodResources.of(null, config(Map.of()));

        assertThat(resources.cpuShares()).isEqualTo(2);
        assertThat(resources.cpuWeight()).isEqualTo(1);
        assertThat(resources.cpuQuotaMicros()).isEqualTo(-1);
        assertThat(resources.memoryLimitBytes()).isZero();
    }

    @Test
    void aLimitAloneIsAlsoTheRequest() {
        PodResources resources = PodResources.of(
                new ResourceRequirementsBuilder()
                        .addToLimits("cpu", new Quantity("1500m"))
                        .build(),
                config(Map.of()));

        assertThat(resources.cpuRequestMillis()).isEqualTo(1500);
        assertThat(resources.cpuCount()).isEqualTo(2);
    }

    @Test
    void cgroupsCanBeTurnedOffAndNothingElse() {
        assertThat(PodResources.of(OVERLAY, config(Map.of(PodResources.CGROUPS, "off")))
                        .cgroups())
                .isFalse();
        assertThatThrownBy(() -> PodResources.of(OVERLAY, config(Map.of(PodResources.CGROUPS, "on"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(PodResources.CGROUPS)
                .hasMessageContaining("auto")
                .hasMessageContaining("off");
    }

    private static ConfigReader config(Map<String, String> properties) {
        return new ConfigReader(key -> Optional.ofNullable(properties.get(key)), "rehearsal");
    }
}
