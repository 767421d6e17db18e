package io.quiesce.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorPageTest {

    @Test
    void theContainersStatusBecomesAProblemThatSaysNoMoreThanTheStatus() {
        assertThat(ErrorPage.problemFor(400).type()).isEqualTo("urn:quiesce:problem:invalid-request");
        assertThat(ErrorPage.problemFor(404).type()).isEqualTo("urn:quiesce:problem:http-404");
        assertThat(ErrorPage.problemFor(405).detail()).isEqualTo("Method Not Allowed");
        assertThat(ErrorPage.problemFor(503).type()).isEqualTo("urn:quiesce:problem:server-error");
        assertThat(ErrorPage.problemFor(499).status()).isEqualTo(400);
        assertThat(ErrorPage.problemFor(null).status()).isEqualTo(500);
    }
}
