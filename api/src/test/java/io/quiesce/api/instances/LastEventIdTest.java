package io.quiesce.api.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.api.problem.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LastEventIdTest {

    @Test
    void absentMeansFromTheStartAndAnIdIsTheSeqOfTheLastEventReceived() {
        assertThat(LastEventId.parse(null)).isZero();
        assertThat(LastEventId.parse(List.of())).isZero();
        assertThat(LastEventId.parse(List.of("0"))).isZero();
        assertThat(LastEventId.parse(List.of("17"))).isEqualTo(17);
        assertThat(LastEventId.parse(List.of(" 17 "))).isEqualTo(17);
    }

    @Test
    void anythingElseIsA400NamingTheHeader() {
        for (String bad : List.of("", "-1", "+3", "01", "3.0", "abc", "99999999999", "2147483648", "1 2")) {
            assertThatThrownBy(() -> LastEventId.parse(List.of(bad)))
                    .as("'%s'", bad)
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(400);
                        assertThat(e.problem().type()).endsWith("invalid-last-event-id");
                        assertThat(e.problem().detail()).contains("Last-Event-ID");
                    });
        }
        assertThatThrownBy(() -> LastEventId.parse(List.of("1", "2"))).hasMessageContaining("at most once");
    }

    @Test
    void anUnprintableValueIsNotEchoedAsIs() {
        assertThatThrownBy(() -> LastEventId.parse(List.of("7\u0001x"))).hasMessageContaining("'7?x'");
    }
}
