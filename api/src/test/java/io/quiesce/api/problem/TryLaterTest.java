package io.quiesce.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TryLaterTest {

    @Test
    void isAServiceUnavailableProblemOfItsOwnType() {
        Problem problem = TryLater.problem("scheduler-unavailable", "Retry later.");

        assertThat(problem.type()).isEqualTo("urn:quiesce:problem:scheduler-unavailable");
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.title()).isEqualTo("Service Unavailable");
        assertThat(problem.detail()).isEqualTo("Retry later.");
        assertThat(problem.errors()).isEmpty();
    }
}
