package io.quiesce.database.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

    @Test
    void isTheSha256OfThePartsOnePerLineAsStoredByEarlierVersions() {
        // printf 'report\n{"steps":2}' | sha256sum
        assertThat(RequestFingerprint.of("report", "{\"steps\":2}"))
                .isEqualTo("73b2a0e59b90aeb717fbd55fef2c93dd5c867e249dda49ec6d15e928f474facf");
    }

    @Test
    void tellsPartsApartByTheirBoundaries() {
        assertThat(RequestFingerprint.of("report", "{}"))
                .isNotEqualTo(RequestFingerprint.of("report{}"))
                .isNotEqualTo(RequestFingerprint.of("{}", "report"))
                .hasSize(64)
                .matches("[0-9a-f]{64}");
    }
}
