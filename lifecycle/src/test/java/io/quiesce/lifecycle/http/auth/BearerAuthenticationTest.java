package io.quiesce.lifecycle.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.quiesce.lifecycle.http.guard.Refusals;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class BearerAuthenticationTest {

    private static final String ISSUER = "https://issuer.example";

    private final Logger logger = Logger.getLogger("test.bearer");
    private final StringBuilder logged = new StringBuilder();
    private final Refusals refusals =
            new Refusals(new EventLog(logger, LogFormat.TEXT), System::nanoTime, Duration.ofMinutes(1));
    private final BearerConfig config = new BearerConfig(
            true, ISSUER, Set.of("quiesce"), Optional.empty(), Optional.of("x"), Duration.ofMinutes(5));
    private final BearerAuthentication filter = new BearerAuthentication(
            new JwtVerifier(
                    config, KeySource.inline(Tokens.pem(Tokens.KEY), System::nanoTime, log()), Clock.systemUTC()),
            refusals);
    private final HttpServletRequest request = mock(HttpServletRequest.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final Map<String, String> headers = new TreeMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final AtomicReference<ServletRequest> passedOn = new AtomicReference<>();
    private final FilterChain chain = (req, res) -> passedOn.set(req);

    BearerAuthenticationTest() throws Exception {
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.append(record.getMessage()).append('\n');
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        doAnswer(call -> headers.put(call.getArgument(0), call.getArgument(1)))
                .when(response)
                .setHeader(any(), any());
        doAnswer(call -> {
                    headers.put(":status", call.getArgument(0).toString());
                    return null;
                })
                .when(response)
                .setStatus(anyInt());
        ServletOutputStream out = mock(ServletOutputStream.class);
        doAnswer(call -> {
                    body.write(call.getArgument(0, byte[].class));
                    return null;
                })
                .when(out)
                .write(any(byte[].class));
        when(response.getOutputStream()).thenReturn(out);
    }

    private static EventLog log() {
        return EventLog.named("test.bearer.keys", LogFormat.TEXT);
    }

    private void authorization(String... values) {
        when(request.getHeaders("Authorization")).thenReturn(Collections.enumeration(List.of(values)));
    }

    private static String token(String user, String groups, Instant expires) {
        return Tokens.signed(
                "{\"alg\":\"RS256\"}",
                "{\"iss\":\"" + ISSUER + "\",\"aud\":\"quiesce\",\"upn\":\"" + user + "\",\"groups\":" + groups
                        + ",\"exp\":" + expires.getEpochSecond() + "}",
                Tokens.KEY);
    }

    @Test
    void aValidTokenMakesTheCallerTheRequestsPrincipalWithItsRoles() throws Exception {
        authorization("Bearer " + token("ana", "[\"operator\"]", Instant.now().plusSeconds(60)));
        filter.doFilter(request, response, chain);
        HttpServletRequest seen = (HttpServletRequest) passedOn.get();
        assertThat(seen.getUserPrincipal().getName()).isEqualTo("ana");
        assertThat(seen.getRemoteUser()).isEqualTo("ana");
        assertThat(seen.getAuthType()).isEqualTo("Bearer");
        assertThat(seen.isUserInRole("operator")).isTrue();
        assertThat(seen.isUserInRole("viewer")).isFalse();
        assertThat(seen.isUserInRole("**")).isTrue();
        assertThat(seen.authenticate(response)).isTrue();
        // The scheme is case-insensitive (RFC 9110 11.1).
        authorization("bearer " + token("ana", "[]", Instant.now().plusSeconds(60)));
        filter.doFilter(request, response, chain);
        assertThat(((HttpServletRequest) passedOn.get()).getUserPrincipal()).isNotNull();
    }

    @Test
    void withoutATokenOrWithAnotherSchemeTheRequestGoesOnAnonymous() throws Exception {
        when(request.getHeaders("Authorization")).thenReturn(Collections.emptyEnumeration());
        filter.doFilter(request, response, chain);
        assertThat(passedOn.get()).isSameAs(request);
        authorization("Basic YTpi");
        filter.doFilter(request, response, chain);
        assertThat(passedOn.get()).isSameAs(request);
        verify(response, never()).setStatus(anyInt());
    }

    @Test
    void anInvalidTokenGets401InvalidTokenAndOnlyItsFingerprintIsLogged() throws Exception {
        String expired = token("ana", "[\"operator\"]", Instant.now().minusSeconds(3600));
        authorization("Bearer " + expired);
        when(request.getContentLengthLong()).thenReturn(20L);
        filter.doFilter(request, response, chain);
        assertThat(passedOn.get()).isNull();
        assertThat(headers)
                .containsEntry(":status", "401")
                .containsEntry(
                        "WWW-Authenticate",
                        "Bearer error=\"invalid_token\", error_description=\"The token has expired.\"")
                .containsEntry("Connection", "close");
        verify(response).setContentType("application/problem+json");
        assertThat(body.toString(StandardCharsets.UTF_8))
                .contains("urn:quiesce:problem:invalid-token")
                .doesNotContain(expired.substring(expired.lastIndexOf('.') + 1, expired.lastIndexOf('.') + 17));
        String fingerprint = BearerAuthentication.fingerprint(expired);
        assertThat(fingerprint).matches("[0-9a-f]{12}");
        assertThat(logged.toString()).contains("invalid_token=1").contains(fingerprint + "/expired");
        for (String part : expired.split("\\.")) {
            for (int i = 0; i + 16 <= part.length(); i += 16) {
                assertThat(logged.toString()).doesNotContain(part.substring(i, i + 16));
            }
        }
        assertThat(refusals.count(Refusals.Reason.INVALID_TOKEN)).isEqualTo(1);
    }

    @Test
    void twoAuthorizationHeadersAreAnInvalidRequest() throws Exception {
        String valid = token("ana", "[]", Instant.now().plusSeconds(60));
        authorization("Bearer " + valid, "Bearer " + valid);
        filter.doFilter(request, response, chain);
        assertThat(passedOn.get()).isNull();
        assertThat(headers)
                .containsEntry(":status", "400")
                .containsEntry("WWW-Authenticate", "Bearer error=\"invalid_request\"");
    }

    @Test
    void anEmptyBearerIsAnInvalidToken() throws Exception {
        authorization("Bearer ");
        filter.doFilter(request, response, chain);
        assertThat(headers).containsEntry(":status", "401");
        assertThat(headers).doesNotContainKey("Connection");
    }
}
