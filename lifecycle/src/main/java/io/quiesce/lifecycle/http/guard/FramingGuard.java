package io.quiesce.lifecycle.http.guard;

import io.quiesce.lifecycle.http.ProblemResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Refuses, with 400 and a closed connection, a request whose head a proxy could frame differently (FramingRules). It
 * sees what Liberty's parser let through to the application; what the parser decides alone is documented in
 * docs/hardening.md. A request whose body came chunked also ends its connection: the chunk sizes are not visible here,
 * and a connection that is not reused cannot carry a second request hidden in a misread body.
 */
public final class FramingGuard extends HttpFilter {

    private final Refusals refusals;

    public FramingGuard(Refusals refusals) {
        this.refusals = refusals;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        List<String> names = Collections.list(request.getHeaderNames());
        Optional<String> violation = FramingRules.violation(
                request.getProtocol(), names, name -> Collections.list(request.getHeaders(name)));
        if (violation.isPresent()) {
            refusals.refused(Refusals.Reason.FRAMING);
            ProblemResponse.badFraming(violation.get()).writeTo(response);
            return;
        }
        if (request.getHeader("Transfer-Encoding") != null) {
            response.setHeader("Connection", "close");
        }
        chain.doFilter(request, response);
    }
}
