package io.quiesce.lifecycle.http.auth;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.ConfigReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Bearer-token authentication ({@code quiesce.http.auth.enabled}) from the standard MicroProfile JWT settings, so that
 * a deployment configured for Liberty's mpJwt feature works unchanged: the key ({@code mp.jwt.verify.publickey} inline,
 * or {@code mp.jwt.verify.publickey.location}: a PEM public key or certificate, or a JWKS, as a file, a URL or a
 * classpath resource), the issuer, the audiences and the clock skew. Only RS256 is accepted.
 */
public record BearerConfig(
        boolean enabled,
        String issuer,
        Set<String> audiences,
        Optional<String> inlineKey,
        Optional<String> keyLocation,
        Duration clockSkew) {

    public static final String ENABLED = "quiesce.http.auth.enabled";
    public static final String ISSUER = "mp.jwt.verify.issuer";
    public static final String AUDIENCES = "mp.jwt.verify.audiences";
    public static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    public static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    public static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";
    /** Seconds, as MicroProfile JWT 2.1 defines it; the default is Liberty mpJwt's 5 minutes, not the spec's 60 s. */
    public static final String CLOCK_SKEW = "mp.jwt.verify.clock.skew";

    public static final String TOKEN_HEADER = "mp.jwt.token.header";
    public static final String DECRYPT_KEY_LOCATION = "mp.jwt.decrypt.key.location";

    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);

    public static BearerConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-lifecycle");
        String enabled = config.require(ENABLED).trim();
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw ConfigException.invalid(ENABLED, enabled, "true or false");
        }
        if (enabled.equals("false")) {
            return new BearerConfig(false, "", Set.of(), Optional.empty(), Optional.empty(), DEFAULT_CLOCK_SKEW);
        }
        String issuer = config.optional(ISSUER)
                .orElseThrow(() -> new ConfigException("Missing configuration " + ISSUER + ": with " + ENABLED
                        + "=true every token's iss claim must equal it (the identity provider's issuer URL)."));
        Optional<String> inline = config.optional(PUBLIC_KEY);
        Optional<String> location = config.optional(PUBLIC_KEY_LOCATION);
        if (inline.isEmpty() && location.isEmpty()) {
            throw new ConfigException(
                    "Missing configuration " + PUBLIC_KEY_LOCATION + " (or " + PUBLIC_KEY
                            + "): with " + ENABLED + "=true tokens are verified with that key: a PEM public key or"
                            + " certificate, or a JWKS, as a file path, a file:, http: or https: URL, or a classpath resource.");
        }
        if (inline.isPresent() && location.isPresent()) {
            throw new ConfigException(
                    "Both " + PUBLIC_KEY + " and " + PUBLIC_KEY_LOCATION + " are set: set exactly one of them.");
        }
        location.ifPresent(KeyLocation::check);
        config.optional(ALGORITHM).ifPresent(alg -> {
            if (!alg.equals(JwtVerifier.ALGORITHM)) {
                throw ConfigException.invalid(ALGORITHM, alg, JwtVerifier.ALGORITHM + " (the only one accepted)");
            }
        });
        config.optional(TOKEN_HEADER).ifPresent(header -> {
            if (!header.equalsIgnoreCase("Authorization")) {
                throw ConfigException.invalid(TOKEN_HEADER, header, "Authorization (the only header read)");
            }
        });
        config.optional(DECRYPT_KEY_LOCATION).ifPresent(ignored -> {
            throw new ConfigException(DECRYPT_KEY_LOCATION
                    + " is set, but encrypted tokens (JWE) are not supported: remove it and issue signed tokens.");
        });
        Set<String> audiences = new LinkedHashSet<>();
        config.optional(AUDIENCES)
                .ifPresent(raw -> Arrays.stream(raw.split(","))
                        .map(String::trim)
                        .filter(a -> !a.isEmpty())
                        .forEach(audiences::add));
        Duration skew = config.optional(CLOCK_SKEW)
                .map(raw -> seconds(raw.toLowerCase(Locale.ROOT)))
                .orElse(DEFAULT_CLOCK_SKEW);
        return new BearerConfig(true, issuer, Set.copyOf(audiences), inline, location, skew);
    }

    private static Duration seconds(String raw) {
        try {
            long s = Long.parseLong(raw);
            if (s >= 0 && s <= MAX_CLOCK_SKEW.toSeconds()) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigException.invalid(CLOCK_SKEW, raw, "whole seconds from 0 to " + MAX_CLOCK_SKEW.toSeconds());
    }
}
