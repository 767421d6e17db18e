package io.quiesce.devservices;

import io.quiesce.devservices.config.DevServicesConfig;
import io.quiesce.devservices.config.DevServicesException;
import io.quiesce.devservices.jwt.JwtKeys;
import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.Durations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * RS256 JWTs that Liberty's mpJwt-2.1 accepts, minted with the JDK only, for local use and tests. Liberty tolerates 5
 * minutes of clock skew by default, so a token is rejected only once expired for longer (mint with a ttl of {@code -10m}).
 */
public final class TokenMinter {

    public static final String ISSUER = "quiesce-devservices";
    public static final String AUDIENCE = "quiesce";
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final String DEFAULT_USER = "developer";

    private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenMinter(PrivateKey key, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static TokenMinter fromPrivateKeyPem(Path privateKeyPem) {
        return new TokenMinter(JwtKeys.readPrivateKey(privateKeyPem), Clock.systemUTC());
    }

    public String mint(String user, Set<String> roles, Duration ttl) {
        return mint(user, roles, clock.instant().plus(ttl));
    }

    public String mint(String user, Set<String> roles, Instant expiresAt) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        Instant now = clock.instant();
        // An expired token looks like one issued a normal lifetime before its expiry, never like one issued after it.
        Instant issuedAt = expiresAt.isAfter(now) ? now : expiresAt.minus(DEFAULT_TTL);
        String claims = "{"
                + "\"iss\":" + json(ISSUER) + ","
                + "\"aud\":" + json(AUDIENCE) + ","
                + "\"sub\":" + json(user) + ","
                + "\"upn\":" + json(user) + ","
                + "\"groups\":"
                + new TreeSet<>(roles).stream().map(TokenMinter::json).collect(Collectors.joining(",", "[", "]")) + ","
                + "\"iat\":" + issuedAt.getEpochSecond() + ","
                + "\"exp\":" + expiresAt.getEpochSecond() + ","
                + "\"jti\":" + json(jti())
                + "}";
        String signingInput = base64url(HEADER) + "." + base64url(claims);
        return signingInput + "." + BASE64URL.encodeToString(sign(signingInput));
    }

    private byte[] sign(String signingInput) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing failed (is the key an RSA key?): " + e.getMessage(), e);
        }
    }

    private String jti() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal; user names and roles come from the command line, so every control character is escaped. */
    static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            usage("expected <role>[,<role>...] [ttl] [user]");
        }
        Set<String> roles = Arrays.stream(args[0].split(","))
                .map(String::trim)
                .filter(r -> !r.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        Duration ttl = DEFAULT_TTL;
        if (args.length > 1) {
            // A leading minus mints an already-expired token, for testing how a server refuses it.
            String raw = args[1].trim();
            boolean expired = raw.startsWith("-");
            try {
                Duration parsed = Durations.parse("ttl", expired ? raw.substring(1) : raw);
                ttl = expired ? parsed.negated() : parsed;
            } catch (ConfigException e) {
                usage(e.getMessage());
            }
        }
        String user = args.length > 2 ? args[2] : DEFAULT_USER;
        try {
            Path privateKey = JwtKeys.in(DevServicesConfig.fromSystemProperties(new String[0])
                            .jwtDir())
                    .privateKey();
            String token = fromPrivateKeyPem(privateKey).mint(user, roles, ttl);
            // The token is this command's output (for $(...) and pipes), not a log line: hence stdout.
            System.out.println(token);
        } catch (DevServicesException | IllegalArgumentException e) {
            System.err.println("TokenMinter: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        // A command-line usage error, for the person typing the command; stdout stays reserved for the token.
        System.err.println(
                "TokenMinter: " + problem + "\nusage: TokenMinter <role>[,<role>...] [ttl] [user]" + "   (key: <"
                        + DevServicesConfig.DIR + ">/jwt/private.pem, default " + DevServicesConfig.DEFAULT_DIR + ")");
        System.exit(2);
    }
}
