package io.quiesce.lifecycle.http.auth;

import io.quiesce.lifecycle.http.auth.TokenRejected.Reason;
import io.quiesce.lifecycle.log.EventLog;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Verifies a compact JWS bearer token as MicroProfile JWT describes it, RS256 only: the header's {@code alg} must be
 * exactly RS256 (so {@code none}, HMAC with the public key as its secret and every other algorithm are refused before
 * any key is used), the signature is checked over the signing input with {@code java.security}, and only then are the
 * claims read: {@code exp} (required), {@code nbf} and {@code iat} within the clock skew, {@code iss} equal to the
 * configured issuer, {@code aud} holding one of the configured audiences (when any are configured), the user from
 * {@code upn}, {@code preferred_username} or {@code sub}, and the roles from {@code groups}. Keys named by the header's
 * {@code jku}, {@code jwk}, {@code x5u} or {@code x5c} are never used: only the configured ones.
 */
public final class JwtVerifier {

    public static final String ALGORITHM = "RS256";
    /** A token with a handful of groups is ~1 KB; Liberty's header limit here is 16 KiB per line. */
    static final int MAX_TOKEN_CHARS = 8192;
    /** Far beyond any real date (year ~33 658), small enough that adding the skew cannot overflow. */
    private static final long MAX_SECONDS = 1_000_000_000_000L;

    /** A verified token: who sent it and the roles it grants. */
    public record Caller(String name, Set<String> groups) {}

    private final BearerConfig config;
    private final KeySource keys;
    private final Clock clock;

    JwtVerifier(BearerConfig config, KeySource keys, Clock clock) {
        this.config = config;
        this.keys = keys;
        this.clock = clock;
    }

    /** The verifier for {@code config}'s keys; a local key file is read now and must be valid. */
    public static JwtVerifier of(BearerConfig config, ClassLoader classLoader, EventLog log, LongSupplier nanoTime) {
        KeySource keys = config.inlineKey().isPresent()
                ? KeySource.inline(config.inlineKey().get(), nanoTime, log)
                : KeySource.at(new KeyLocation(config.keyLocation().orElseThrow(), classLoader), nanoTime, log);
        return new JwtVerifier(config, keys, Clock.systemUTC());
    }

    public Caller verify(String token) throws TokenRejected {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejected(Reason.OVERSIZED);
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            throw new TokenRejected(Reason.MALFORMED);
        }
        JsonObject header = json(token.substring(0, first));
        if (!ALGORITHM.equals(string(header, "alg")) || header.containsKey("crit")) {
            throw new TokenRejected(Reason.ALGORITHM);
        }
        JsonValue kidValue = header.get("kid");
        if (kidValue != null && !(kidValue instanceof JsonString)) {
            throw new TokenRejected(Reason.MALFORMED);
        }
        Optional<String> kid = Optional.ofNullable(string(header, "kid"));
        byte[] signature = base64url(token.substring(second + 1));
        byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
        List<RSAPublicKey> candidates = keys.keys().candidates(kid);
        if (candidates.isEmpty()) {
            candidates = keys.afterUnknownKey().candidates(kid);
            if (candidates.isEmpty()) {
                throw new TokenRejected(Reason.UNKNOWN_KEY);
            }
        }
        if (candidates.stream().noneMatch(key -> signed(key, signingInput, signature))) {
            throw new TokenRejected(Reason.SIGNATURE);
        }
        return claims(json(token.substring(first + 1, second)));
    }

    private Caller claims(JsonObject claims) throws TokenRejected {
        long now = clock.instant().getEpochSecond();
        long skew = config.clockSkew().toSeconds();
        long exp = numericDate(claims, "exp").orElseThrow(() -> new TokenRejected(Reason.CLAIMS));
        if (now > exp + skew) {
            throw new TokenRejected(Reason.EXPIRED);
        }
        Optional<Long> nbf = numericDate(claims, "nbf");
        Optional<Long> iat = numericDate(claims, "iat");
        if ((nbf.isPresent() && now + skew < nbf.get()) || (iat.isPresent() && now + skew < iat.get())) {
            throw new TokenRejected(Reason.NOT_YET_VALID);
        }
        if (!config.issuer().equals(string(claims, "iss"))) {
            throw new TokenRejected(Reason.ISSUER);
        }
        if (!config.audiences().isEmpty() && strings(claims, "aud").stream().noneMatch(config.audiences()::contains)) {
            throw new TokenRejected(Reason.AUDIENCE);
        }
        String name = firstString(claims, "upn", "preferred_username", "sub");
        if (name == null || name.isBlank()) {
            throw new TokenRejected(Reason.CLAIMS);
        }
        return new Caller(name, strings(claims, "groups"));
    }

    private static boolean signed(RSAPublicKey key, byte[] signingInput, byte[] signature) {
        // A valid RS256 signature is exactly as long as the key's modulus.
        if (signature.length != (key.getModulus().bitLength() + 7) / 8) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static JsonObject json(String segment) throws TokenRejected {
        try {
            return Json.object(new String(base64url(segment), StandardCharsets.UTF_8));
        } catch (JsonException | IllegalStateException e) {
            throw new TokenRejected(Reason.MALFORMED);
        }
    }

    /** Strict base64url: the URL-safe alphabet only, no padding, no line breaks. */
    private static byte[] base64url(String segment) throws TokenRejected {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new TokenRejected(Reason.MALFORMED);
            }
        }
        if (segment.length() % 4 == 1) {
            throw new TokenRejected(Reason.MALFORMED);
        }
        try {
            return Base64.getUrlDecoder().decode(segment);
        } catch (IllegalArgumentException e) {
            throw new TokenRejected(Reason.MALFORMED);
        }
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static String firstString(JsonObject o, String... names) throws TokenRejected {
        for (String name : names) {
            JsonValue v = o.get(name);
            if (v == null) {
                continue;
            }
            if (!(v instanceof JsonString s)) {
                throw new TokenRejected(Reason.CLAIMS);
            }
            return s.getString();
        }
        return null;
    }

    /** A string or an array of strings (aud, groups); absent is empty, anything else is refused. */
    private static Set<String> strings(JsonObject o, String name) throws TokenRejected {
        JsonValue v = o.get(name);
        if (v == null) {
            return Set.of();
        }
        if (v instanceof JsonString s) {
            return Set.of(s.getString());
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new TokenRejected(Reason.CLAIMS);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonValue item : v.asJsonArray()) {
            if (!(item instanceof JsonString s)) {
                throw new TokenRejected(Reason.CLAIMS);
            }
            out.add(s.getString());
        }
        return Set.copyOf(out);
    }

    /** Seconds since the epoch (RFC 7519 NumericDate, fractions allowed); absent is empty, a non-number refused. */
    private static Optional<Long> numericDate(JsonObject o, String name) throws TokenRejected {
        JsonValue v = o.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof JsonNumber n)) {
            throw new TokenRejected(Reason.CLAIMS);
        }
        BigDecimal value = n.bigDecimalValue();
        if (value.abs().compareTo(BigDecimal.valueOf(MAX_SECONDS)) > 0) {
            throw new TokenRejected(Reason.CLAIMS);
        }
        return Optional.of(value.longValue());
    }
}
