package io.quiesce.devservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiesce.devservices.config.DevServicesException;
import io.quiesce.devservices.jwt.JwtKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mints with a key pair generated on disk, then checks each token the way a verifier would: the signature with the
 * {@code public.pem} (parsed here without the production code) and the claims with a real JSON parser.
 */
class TokenMinterTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static JwtKeys keys;
    static TokenMinter minter;

    @BeforeAll
    static void keys() {
        keys = JwtKeys.ensure(dir);
        minter = new TokenMinter(keys.readPrivateKey(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void mintsAnRs256TokenWithTheClaimsLibertyMpJwtReads() throws Exception {
        String token = minter.mint("alice", Set.of("viewer", "operator"), Duration.ofHours(1));

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(verifies(parts[0] + "." + parts[1], parts[2])).isTrue();
        assertThat(decode(parts[0])).isEqualTo(JSON.readTree("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));

        JsonNode claims = decode(parts[1]);
        assertThat(claims.get("iss").asText()).isEqualTo("quiesce-devservices");
        assertThat(claims.get("aud").asText()).isEqualTo("quiesce");
        assertThat(claims.get("sub").asText()).isEqualTo("alice");
        assertThat(claims.get("upn").asText()).isEqualTo("alice");
        assertThat(claims.get("groups")).extracting(JsonNode::asText).containsExactly("operator", "viewer");
        assertThat(claims.get("iat").isIntegralNumber()).isTrue();
        assertThat(claims.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.get("exp").asLong())
                .isEqualTo(NOW.plus(Duration.ofHours(1)).getEpochSecond());
        assertThat(claims.get("jti").asText()).isNotBlank();
    }

    @Test
    void aTamperedTokenNoLongerVerifies() throws Exception {
        String[] parts =
                minter.mint("alice", Set.of("viewer"), Duration.ofHours(1)).split("\\.");
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"viewer\"", "\"operator\"")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(verifies(parts[0] + "." + forged, parts[2])).isFalse();
    }

    @Test
    void aNegativeTtlGivesATokenThatHasAlreadyExpired() throws Exception {
        JsonNode claims = decode(
                minter.mint("bob", Set.of("viewer"), Duration.ofMinutes(-10)).split("\\.")[1]);

        assertThat(claims.get("exp").asLong())
                .isEqualTo(NOW.minus(Duration.ofMinutes(10)).getEpochSecond());
        assertThat(claims.get("iat").asLong()).isLessThan(claims.get("exp").asLong());
    }

    @Test
    void anExplicitExpiryIsUsedAsIs() throws Exception {
        Instant expiresAt = Instant.parse("2025-12-31T23:59:59Z");

        JsonNode claims = decode(minter.mint("bob", Set.of(), expiresAt).split("\\.")[1]);

        assertThat(claims.get("exp").asLong()).isEqualTo(expiresAt.getEpochSecond());
        assertThat(claims.get("groups").isArray()).isTrue();
        assertThat(claims.get("groups")).isEmpty();
    }

    @Test
    void everyTokenHasItsOwnId() throws Exception {
        String first = decode(minter.mint("alice", Set.of("viewer"), Duration.ofHours(1))
                        .split("\\.")[1])
                .get("jti")
                .asText();
        String second = decode(minter.mint("alice", Set.of("viewer"), Duration.ofHours(1))
                        .split("\\.")[1])
                .get("jti")
                .asText();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void userNamesAndRolesAreEscapedAsJson() throws Exception {
        JsonNode claims = decode(
                minter.mint("a\"b\\c\nd", Set.of("r\"1"), Duration.ofHours(1)).split("\\.")[1]);

        assertThat(claims.get("upn").asText()).isEqualTo("a\"b\\c\nd");
        assertThat(claims.get("groups").get(0).asText()).isEqualTo("r\"1");
    }

    @Test
    void readsThePrivateKeyFromItsPemFile() throws Exception {
        String token = TokenMinter.fromPrivateKeyPem(keys.privateKey())
                .mint("carol", Set.of("operator"), Duration.ofMinutes(5));

        String[] parts = token.split("\\.");
        assertThat(verifies(parts[0] + "." + parts[1], parts[2])).isTrue();
    }

    @Test
    void namesTheFileWhenItHoldsNoPrivateKey() {
        assertThatThrownBy(() -> TokenMinter.fromPrivateKeyPem(keys.publicKey()))
                .isInstanceOf(DevServicesException.class)
                .hasMessageContaining(keys.publicKey().toString())
                .hasMessageContaining("PRIVATE KEY");
        assertThatThrownBy(() -> TokenMinter.fromPrivateKeyPem(dir.resolve("missing.pem")))
                .isInstanceOf(DevServicesException.class)
                .hasMessageContaining("missing.pem");
    }

    @Test
    void rejectsABlankUser() {
        assertThatThrownBy(() -> minter.mint(" ", Set.of("viewer"), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean verifies(String signingInput, String signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKeyFromPem(keys.publicKey()));
        verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(signature));
    }

    private static PublicKey publicKeyFromPem(Path pem) throws Exception {
        String body = Files.readString(pem)
                .replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static JsonNode decode(String part) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(part));
    }
}
