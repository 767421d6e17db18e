package io.quiesce.lifecycle.http.auth;

import static io.quiesce.lifecycle.http.auth.Tokens.KEY;
import static io.quiesce.lifecycle.http.auth.Tokens.OTHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.lifecycle.http.auth.TokenRejected.Reason;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    private static final EventLog LOG = EventLog.named("test", LogFormat.TEXT);

    private final AtomicLong nanos = new AtomicLong();
    private final BearerConfig config = new BearerConfig(
            true,
            "https://issuer.example",
            Set.of("quiesce"),
            Optional.empty(),
            Optional.of("x"),
            Duration.ofMinutes(5));

    private JwtVerifier verifier(String keyMaterial) {
        return new JwtVerifier(
                config, KeySource.inline(keyMaterial, nanos::get, LOG), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private JwtVerifier pem() {
        return verifier(Tokens.pem(KEY));
    }

    private static String claims(String extra) {
        return "{\"iss\":\"https://issuer.example\",\"aud\":\"quiesce\",\"upn\":\"ana\",\"groups\":[\"operator\"],"
                + "\"iat\":" + NOW.minusSeconds(60).getEpochSecond() + ",\"exp\":"
                + NOW.plusSeconds(600).getEpochSecond() + extra + "}";
    }

    private static String valid() {
        return Tokens.signed(HEADER, claims(""), KEY);
    }

    private static void refused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        TokenRejected.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void aValidTokenGivesItsUserAndGroups() throws Exception {
        JwtVerifier.Caller caller = pem().verify(valid());
        assertThat(caller.name()).isEqualTo("ana");
        assertThat(caller.groups()).containsExactly("operator");
    }

    @Test
    void theUserComesFromUpnThenPreferredUsernameThenSub() throws Exception {
        String base = "{\"iss\":\"https://issuer.example\",\"aud\":[\"other\",\"quiesce\"],\"exp\":"
                + NOW.plusSeconds(60).getEpochSecond();
        assertThat(pem().verify(Tokens.signed(HEADER, base + ",\"sub\":\"s\",\"preferred_username\":\"p\"}", KEY))
                        .name())
                .isEqualTo("p");
        JwtVerifier.Caller bySub = pem().verify(Tokens.signed(HEADER, base + ",\"sub\":\"s\"}", KEY));
        assertThat(bySub.name()).isEqualTo("s");
        assertThat(bySub.groups()).isEmpty();
        refused(() -> pem().verify(Tokens.signed(HEADER, base + "}", KEY)), Reason.CLAIMS);
        refused(() -> pem().verify(Tokens.signed(HEADER, base + ",\"upn\":7}", KEY)), Reason.CLAIMS);
    }

    @Test
    void aChangedSignatureOrAnotherKeysSignatureIsRefused() {
        String token = valid();
        int dot = token.lastIndexOf('.');
        char[] sig = token.substring(dot + 1).toCharArray();
        sig[10] = sig[10] == 'A' ? 'B' : 'A';
        refused(() -> pem().verify(token.substring(0, dot + 1) + new String(sig)), Reason.SIGNATURE);
        refused(() -> pem().verify(Tokens.signed(HEADER, claims(""), OTHER_KEY)), Reason.SIGNATURE);
        // The claims changed under a valid signature.
        String other = Tokens.signed(HEADER, claims(",\"x\":1"), KEY);
        refused(
                () -> pem().verify(token.substring(0, token.indexOf('.') + 1)
                        + other.substring(other.indexOf('.') + 1, other.lastIndexOf('.'))
                        + token.substring(dot)),
                Reason.SIGNATURE);
        // A truncated signature is never even tried.
        refused(() -> pem().verify(token.substring(0, token.length() - 4)), Reason.SIGNATURE);
    }

    @Test
    void algNoneIsRefused() {
        String input = Tokens.segment("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Tokens.segment(claims(""));
        refused(() -> pem().verify(input + "."), Reason.MALFORMED);
        refused(() -> pem().verify(input + ".AAAA"), Reason.ALGORITHM);
        String noneUpper = Tokens.segment("{\"alg\":\"NONE\"}") + "." + Tokens.segment(claims("")) + ".AAAA";
        refused(() -> pem().verify(noneUpper), Reason.ALGORITHM);
        String noAlg = Tokens.segment("{\"typ\":\"JWT\"}") + "." + Tokens.segment(claims("")) + ".AAAA";
        refused(() -> pem().verify(noAlg), Reason.ALGORITHM);
    }

    /** The classic confusion: an HMAC over the token with the server's public key (which anyone has) as the secret. */
    @Test
    void hs256WithThePublicKeyAsTheSecretIsRefused() throws GeneralSecurityException {
        String input = Tokens.segment("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Tokens.segment(claims(""));
        for (byte[] secret : new byte[][] {
            Tokens.pem(KEY).getBytes(StandardCharsets.US_ASCII), KEY.getPublic().getEncoded()
        }) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String token = input + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            refused(() -> pem().verify(token), Reason.ALGORITHM);
        }
    }

    @Test
    void everyOtherAlgorithmAndCriticalHeadersAreRefused() {
        for (String alg : new String[] {"RS384", "RS512", "PS256", "ES256", "HS512", "rs256", "RS256 "}) {
            String token = Tokens.signed("{\"alg\":\"" + alg + "\"}", claims(""), KEY);
            refused(() -> pem().verify(token), Reason.ALGORITHM);
        }
        refused(() -> pem().verify(Tokens.signed("{\"alg\":[\"RS256\"]}", claims(""), KEY)), Reason.ALGORITHM);
        refused(
                () -> pem().verify(Tokens.signed("{\"alg\":\"RS256\",\"crit\":[\"exp\"],\"exp\":1}", claims(""), KEY)),
                Reason.ALGORITHM);
    }

    @Test
    void anExpiredTokenIsRefusedOnceBeyondTheClockSkew() throws Exception {
        String justExpired = Tokens.signed(
                HEADER,
                "{\"iss\":\"https://issuer.example\",\"aud\":\"quiesce\",\"upn\":\"a\",\"exp\":"
                        + NOW.minusSeconds(299).getEpochSecond() + "}",
                KEY);
        assertThat(pem().verify(justExpired).name()).isEqualTo("a");
        String expired = Tokens.signed(
                HEADER,
                "{\"iss\":\"https://issuer.example\",\"aud\":\"quiesce\",\"upn\":\"a\",\"exp\":"
                        + NOW.minusSeconds(301).getEpochSecond() + "}",
                KEY);
        refused(() -> pem().verify(expired), Reason.EXPIRED);
        String noExp =
                Tokens.signed(HEADER, "{\"iss\":\"https://issuer.example\",\"aud\":\"quiesce\",\"upn\":\"a\"}", KEY);
        refused(() -> pem().verify(noExp), Reason.CLAIMS);
        String textExp = Tokens.signed(
                HEADER, "{\"iss\":\"https://issuer.example\",\"aud\":\"quiesce\",\"upn\":\"a\",\"exp\":\"soon\"}", KEY);
        refused(() -> pem().verify(textExp), Reason.CLAIMS);
        String hugeExp = Tokens.signed(
                HEADER, "{\"iss\":\"https://issuer.example\",\"aud\":\"quiesce\",\"upn\":\"a\",\"exp\":1e300}", KEY);
        refused(() -> pem().verify(hugeExp), Reason.CLAIMS);
    }

    @Test
    void aTokenNotValidYetIsRefusedBeyondTheClockSkew() throws Exception {
        long soon = NOW.plusSeconds(299).getEpochSecond();
        long later = NOW.plusSeconds(301).getEpochSecond();
        assertThat(pem().verify(Tokens.signed(HEADER, claims(",\"nbf\":" + soon), KEY)))
                .isNotNull();
        refused(() -> pem().verify(Tokens.signed(HEADER, claims(",\"nbf\":" + later), KEY)), Reason.NOT_YET_VALID);
        String issuedLater = Tokens.signed(
                HEADER,
                "{\"iss\":\"https://issuer.example\",\"aud\":\"quiesce\",\"upn\":\"a\",\"iat\":" + later + ",\"exp\":"
                        + (later + 600) + "}",
                KEY);
        refused(() -> pem().verify(issuedLater), Reason.NOT_YET_VALID);
    }

    @Test
    void theIssuerMustMatchExactly() {
        for (String iss : new String[] {"\"https://issuer.example/\"", "\"https://evil.example\"", "7", "null"}) {
            String token = Tokens.signed(
                    HEADER,
                    "{\"iss\":" + iss + ",\"aud\":\"quiesce\",\"upn\":\"a\",\"exp\":"
                            + NOW.plusSeconds(60).getEpochSecond() + "}",
                    KEY);
            refused(() -> pem().verify(token), Reason.ISSUER);
        }
        String noIss = Tokens.signed(
                HEADER,
                "{\"aud\":\"quiesce\",\"upn\":\"a\",\"exp\":"
                        + NOW.plusSeconds(60).getEpochSecond() + "}",
                KEY);
        refused(() -> pem().verify(noIss), Reason.ISSUER);
    }

    @Test
    void theAudienceMustHoldAConfiguredOne() throws Exception {
        String exp = ",\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + "}";
        String prefix = "{\"iss\":\"https://issuer.example\",\"upn\":\"a\"";
        refused(() -> pem().verify(Tokens.signed(HEADER, prefix + ",\"aud\":\"other\"" + exp, KEY)), Reason.AUDIENCE);
        refused(
                () -> pem().verify(Tokens.signed(HEADER, prefix + ",\"aud\":[\"a\",\"b\"]" + exp, KEY)),
                Reason.AUDIENCE);
        refused(() -> pem().verify(Tokens.signed(HEADER, prefix + exp, KEY)), Reason.AUDIENCE);
        refused(() -> pem().verify(Tokens.signed(HEADER, prefix + ",\"aud\":{\"x\":1}" + exp, KEY)), Reason.CLAIMS);
        assertThat(pem().verify(Tokens.signed(HEADER, prefix + ",\"aud\":[\"a\",\"quiesce\"]" + exp, KEY)))
                .isNotNull();
        JwtVerifier anyAudience = new JwtVerifier(
                new BearerConfig(
                        true,
                        "https://issuer.example",
                        Set.of(),
                        Optional.empty(),
                        Optional.of("x"),
                        Duration.ofMinutes(5)),
                KeySource.inline(Tokens.pem(KEY), nanos::get, LOG),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(anyAudience.verify(Tokens.signed(HEADER, prefix + exp, KEY))).isNotNull();
    }

    @Test
    void groupsOfTheWrongTypeAreRefused() {
        refused(
                () -> pem().verify(
                                Tokens.signed(HEADER, claims("").replace("[\"operator\"]", "[\"operator\",1]"), KEY)),
                Reason.CLAIMS);
        refused(
                () -> pem().verify(Tokens.signed(HEADER, claims("").replace("[\"operator\"]", "{\"a\":1}"), KEY)),
                Reason.CLAIMS);
    }

    @Test
    void malformedTokensAreRefusedBeforeAnyKeyIsUsed() {
        String token = valid();
        String[] parts = token.split("\\.");
        for (String bad : new String[] {
            "",
            "abc",
            parts[0] + "." + parts[1],
            token + ".x",
            "." + parts[1] + "." + parts[2],
            parts[0] + ".." + parts[2],
            parts[0] + "=." + parts[1] + "." + parts[2],
            parts[0] + "." + parts[1] + "." + parts[2].replace('-', '+').replace('_', '/') + "+/",
            parts[0] + " ." + parts[1] + "." + parts[2],
            Tokens.segment("not json") + "." + parts[1] + "." + parts[2],
            Tokens.segment("[\"RS256\"]") + "." + parts[1] + "." + parts[2],
            parts[0] + "A." + parts[1] + "." + parts[2]
        }) {
            refused(() -> pem().verify(bad), Reason.MALFORMED);
        }
        // A valid signature over claims that are not JSON: refused after the signature, still malformed.
        refused(() -> pem().verify(Tokens.signed(HEADER, "not json", KEY)), Reason.MALFORMED);
        refused(() -> pem().verify(Tokens.signed("{\"alg\":\"RS256\",\"kid\":7}", claims(""), KEY)), Reason.MALFORMED);
    }

    @Test
    void anOversizedTokenIsRefusedUnread() {
        String big = Tokens.signed(HEADER, claims(",\"pad\":\"" + "a".repeat(JwtVerifier.MAX_TOKEN_CHARS) + "\""), KEY);
        refused(() -> pem().verify(big), Reason.OVERSIZED);
    }

    @Test
    void aJwksPicksTheKeyByKidAndReadsItAgainForAnUnknownKidAtMostOncePerCooldown() throws Exception {
        Deque<String> served = new ArrayDeque<>();
        served.add(Tokens.jwks(Tokens.jwk(KEY, "k1")));
        served.add(Tokens.jwks(Tokens.jwk(KEY, "k1")));
        served.add(Tokens.jwks(Tokens.jwk(KEY, "k1"), Tokens.jwk(OTHER_KEY, "k2")));
        AtomicInteger loads = new AtomicInteger();
        KeySource source = KeySource.loading(
                "jwks",
                () -> {
                    loads.incrementAndGet();
                    return served.size() > 1 ? served.poll() : served.peek();
                },
                nanos::get,
                LOG);
        JwtVerifier jwks = new JwtVerifier(config, source, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(jwks.verify(Tokens.signed("{\"alg\":\"RS256\",\"kid\":\"k1\"}", claims(""), KEY)))
                .isNotNull();
        assertThat(loads).hasValue(1);
        String rotated = Tokens.signed("{\"alg\":\"RS256\",\"kid\":\"k2\"}", claims(""), OTHER_KEY);
        // Cooling down since the first load: not read again, refused.
        refused(() -> jwks.verify(rotated), Reason.UNKNOWN_KEY);
        assertThat(loads).hasValue(1);
        nanos.addAndGet(KeySource.COOLDOWN.toNanos() + 1);
        // Read again; the provider has not published k2 yet.
        refused(() -> jwks.verify(rotated), Reason.UNKNOWN_KEY);
        assertThat(loads).hasValue(2);
        refused(() -> jwks.verify(rotated), Reason.UNKNOWN_KEY);
        assertThat(loads).hasValue(2);
        nanos.addAndGet(KeySource.COOLDOWN.toNanos() + 1);
        assertThat(jwks.verify(rotated).name()).isEqualTo("ana");
        assertThat(loads).hasValue(3);
        // A key named by kid only verifies its own tokens.
        refused(
                () -> jwks.verify(Tokens.signed("{\"alg\":\"RS256\",\"kid\":\"k1\"}", claims(""), OTHER_KEY)),
                Reason.SIGNATURE);
        // Without a kid every key is tried.
        assertThat(jwks.verify(Tokens.signed(HEADER, claims(""), OTHER_KEY))).isNotNull();
    }

    @Test
    void keysOlderThanTheirMaxAgeAreReadAgain() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        KeySource source = KeySource.loading(
                "jwks",
                () -> {
                    loads.incrementAndGet();
                    return Tokens.jwks(Tokens.jwk(KEY, "k1"));
                },
                nanos::get,
                LOG);
        JwtVerifier jwks = new JwtVerifier(config, source, Clock.fixed(NOW, ZoneOffset.UTC));
        jwks.verify(valid());
        jwks.verify(valid());
        assertThat(loads).hasValue(1);
        nanos.addAndGet(KeySource.MAX_AGE.toNanos() + 1);
        jwks.verify(valid());
        assertThat(loads).hasValue(2);
    }

    @Test
    void keysThatCannotBeLoadedMakeTokensUnverifiableNotInvalidAndAreRetriedAfterTheCooldown() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        KeySource source = KeySource.loading(
                "jwks",
                () -> {
                    if (loads.incrementAndGet() < 3) {
                        throw new IOException("connect timed out");
                    }
                    return Tokens.jwks(Tokens.jwk(KEY, "k1"));
                },
                nanos::get,
                LOG);
        JwtVerifier jwks = new JwtVerifier(config, source, Clock.fixed(NOW, ZoneOffset.UTC));
        refused(() -> jwks.verify(valid()), Reason.KEYS_UNAVAILABLE);
        refused(() -> jwks.verify(valid()), Reason.KEYS_UNAVAILABLE);
        assertThat(loads).hasValue(1);
        nanos.addAndGet(KeySource.COOLDOWN.toNanos() + 1);
        refused(() -> jwks.verify(valid()), Reason.KEYS_UNAVAILABLE);
        nanos.addAndGet(KeySource.COOLDOWN.toNanos() + 1);
        assertThat(jwks.verify(valid())).isNotNull();
        assertThat(loads).hasValue(3);
        // Read again after their max age.
        nanos.addAndGet(KeySource.MAX_AGE.toNanos() + 1);
        assertThat(jwks.verify(valid())).isNotNull();
    }
}
