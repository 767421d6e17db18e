package io.quiesce.lifecycle.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The kernel's own RFC 9457 answers, for requests it refuses before the application sees them; the same shape and
 * {@code urn:quiesce:problem:} types as the application's problems. The detail is fixed text: nothing the client sent is
 * echoed.
 */
public record ProblemResponse(
        int status, String slug, String title, String detail, Duration retryAfter, boolean close, String challenge) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:quiesce:problem:";

    /** Framing a proxy could read differently: the connection cannot be trusted for another request. */
    public static ProblemResponse badFraming(String detail) {
        return new ProblemResponse(400, "invalid-framing", "Bad Request", detail, null, true, null);
    }

    /**
     * A bearer token that cannot be accepted (RFC 6750 3.1: 401 with {@code error="invalid_token"}). A request that has
     * a body also ends its connection: the body is not read, and a slow one must not hold a thread being drained.
     */
    public static ProblemResponse invalidToken(String detail, boolean close) {
        return new ProblemResponse(
                401,
                "invalid-token",
                "Unauthorized",
                detail,
                null,
                close,
                "Bearer error=\"invalid_token\", error_description=\"" + detail + "\"");
    }

    /** An Authorization header the server cannot read (two of them): RFC 6750's invalid_request. */
    public static ProblemResponse invalidAuthorization(String detail) {
        return new ProblemResponse(
                400, "invalid-request", "Bad Request", detail, null, true, "Bearer error=\"invalid_request\"");
    }

    public static ProblemResponse tooSlow(Duration timeout) {
        return new ProblemResponse(
                408,
                "request-timeout",
                "Request Timeout",
                "The request body did not arrive within " + timeout.toMillis() + " ms.",
                null,
                true,
                null);
    }

    public static ProblemResponse tooLarge(long maxBytes) {
        return new ProblemResponse(
                413,
                "payload-too-large",
                "Content Too Large",
                "The request body exceeds " + maxBytes + " bytes.",
                null,
                true,
                null);
    }

    public static ProblemResponse overloaded(Duration retryAfter, String detail) {
        return new ProblemResponse(503, "overloaded", "Service Unavailable", detail, retryAfter, false, null);
    }

    /** Tokens cannot be verified now (the identity provider's keys could not be loaded): not the client's fault. */
    public static ProblemResponse authUnavailable(Duration retryAfter, String detail, boolean close) {
        return new ProblemResponse(503, "auth-unavailable", "Service Unavailable", detail, retryAfter, close, null);
    }

    /** Writes the problem unless the response is already committed; {@code false} when it was. */
    public boolean writeTo(HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return false;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        if (retryAfter != null) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        if (close) {
            response.setHeader("Connection", "close");
        }
        if (challenge != null) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        byte[] body = json().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
        return true;
    }

    String json() {
        return "{\"type\":\"" + TYPE_PREFIX + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }
}
