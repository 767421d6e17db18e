package io.quiesce.lifecycle.http.auth;

import io.quiesce.lifecycle.http.ProblemResponse;
import io.quiesce.lifecycle.http.guard.Refusals;
import io.quiesce.lifecycle.log.EventLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * Bearer-token authentication in place of Liberty's mpJwt feature, which answered an invalid token before any filter
 * (so the framing guard never saw those requests) and wrote the whole rejected token to trace.log whatever the log
 * settings. A request with a valid token goes on as its caller ({@link AuthenticatedRequest}); one with an invalid
 * token gets 401 {@code invalid_token} at once, before its body is read; one without a token goes on anonymous, and
 * the application's role checks answer it (401 where a role is required). A rejected token reaches the log only as a
 * 12-character fingerprint of its SHA-256, in the kernel's refusal summary (one line a minute at most).
 */
public final class BearerAuthentication extends HttpFilter {

    static final String SCHEME = "Bearer ";
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final JwtVerifier verifier;
    private final Refusals refusals;

    BearerAuthentication(JwtVerifier verifier, Refusals refusals) {
        this.verifier = verifier;
        this.refusals = refusals;
    }

    /** The filter for {@code config}'s keys; a local key file is read now and must be valid. */
    public static BearerAuthentication of(
            BearerConfig config, ClassLoader classLoader, Refusals refusals, EventLog log, LongSupplier nanoTime) {
        return new BearerAuthentication(JwtVerifier.of(config, classLoader, log, nanoTime), refusals);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Enumeration<String> values = request.getHeaders("Authorization");
        String authorization = values != null && values.hasMoreElements() ? values.nextElement() : null;
        if (authorization == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (values.hasMoreElements()) {
            refusals.refused(Refusals.Reason.INVALID_TOKEN, "two-authorization-headers");
            ProblemResponse.invalidAuthorization("The request has more than one Authorization header.")
                    .writeTo(response);
            return;
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            // Another scheme is not ours to judge: the caller stays anonymous and the role checks answer.
            chain.doFilter(request, response);
            return;
        }
        String token = authorization.substring(SCHEME.length()).strip();
        JwtVerifier.Caller caller;
        try {
            caller = verifier.verify(token);
        } catch (TokenRejected e) {
            refusals.refused(
                    e.reason() == TokenRejected.Reason.KEYS_UNAVAILABLE
                            ? Refusals.Reason.AUTH_UNAVAILABLE
                            : Refusals.Reason.INVALID_TOKEN,
                    fingerprint(token) + "/" + e.reason().label());
            ProblemResponse problem = e.reason() == TokenRejected.Reason.KEYS_UNAVAILABLE
                    ? ProblemResponse.authUnavailable(RETRY_AFTER, e.getMessage(), hasBody)
                    : ProblemResponse.invalidToken(e.getMessage(), hasBody);
            problem.writeTo(response);
            return;
        }
        chain.doFilter(new AuthenticatedRequest(request, caller), response);
    }

    /** The first 12 hex digits of the token's SHA-256: enough to match log lines, nothing of the token itself. */
    static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
