package io.quiesce.rehearsal.config;

import static io.quiesce.rehearsal.config.RequestMix.Kind.ECHO;
import static io.quiesce.rehearsal.config.RequestMix.Kind.GET;
import static io.quiesce.rehearsal.config.RequestMix.Kind.INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestMixTest {

    @Test
    void aCycleHoldsEachKindByItsWeightSpreadOut() {
        List<RequestMix.Kind> cycle =
                RequestMix.parse("p", "get:2,echo:1,instance:1").cycle();

        assertThat(cycle).hasSize(4).containsOnly(GET, ECHO, INSTANCE);
        assertThat(cycle.stream().filter(GET::equals).count()).isEqualTo(2);
        assertThat(cycle.get(0)).isEqualTo(GET);
        assertThat(cycle.get(1)).isNotEqualTo(GET);
    }

    @Test
    void anUnknownKindOrAMissingWeightNamesTheProperty() {
        assertThatThrownBy(() -> RequestMix.parse("quiesce.rehearsal.mix", "get:1,put:2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.rehearsal.mix");
        assertThatThrownBy(() -> RequestMix.parse("quiesce.rehearsal.mix", "get"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quiesce.rehearsal.mix");
        assertThatThrownBy(() -> RequestMix.parse("quiesce.rehearsal.mix", "get:0"))
                .isInstanceOf(ConfigException.class);
    }
}
