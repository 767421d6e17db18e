package io.quiesce.server.it;

import io.quiesce.devservices.TokenMinter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Bearer tokens signed with the dev services' key, which the test servers trust. */
final class Tokens {

    private static final TokenMinter MINTER = TokenMinter.fromPrivateKeyPem(
            Path.of(System.getProperty("quiesce.it.devservices.dir", "target/devservices"), "jwt", "private.pem"));

    private Tokens() {}

    static String operator() {
        return MINTER.mint("it-operator", Set.of("operator"), Duration.ofMinutes(30));
    }

    static String viewer() {
        return MINTER.mint("it-viewer", Set.of("viewer"), Duration.ofMinutes(30));
    }

    static String withoutRoles() {
        return MINTER.mint("it-nobody", Set.of(), Duration.ofMinutes(30));
    }

    static String expiredOperator() {
        return MINTER.mint("it-late", Set.of("operator"), Instant.now().minus(Duration.ofMinutes(10)));
    }
}
