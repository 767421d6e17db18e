package io.quiesce.lifecycle.http.auth;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;

/**
 * The request of a caller whose bearer token was verified: {@code getUserPrincipal} and {@code isUserInRole} answer
 * from the token, so JAX-RS's {@code SecurityContext} (which asks the servlet request) and role checks see the caller
 * without any Liberty security feature.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    static final String AUTH_TYPE = "Bearer";

    /** The caller; its name is the token's {@code upn}, {@code preferred_username} or {@code sub}. */
    record BearerPrincipal(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }

    private final BearerPrincipal principal;
    private final JwtVerifier.Caller caller;

    AuthenticatedRequest(HttpServletRequest request, JwtVerifier.Caller caller) {
        super(request);
        this.caller = caller;
        this.principal = new BearerPrincipal(caller.name());
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return caller.name();
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }

    /** "**" is the Servlet specification's role of every authenticated caller. */
    @Override
    public boolean isUserInRole(String role) {
        return "**".equals(role) || caller.groups().contains(role);
    }

    @Override
    public boolean authenticate(HttpServletResponse response) {
        return true;
    }

    @Override
    public void login(String username, String password) throws ServletException {
        throw new ServletException("this request is authenticated by its bearer token");
    }

    @Override
    public void logout() throws ServletException {
        throw new ServletException("a bearer token cannot be logged out");
    }
}
