package io.quiesce.api.auth;

import io.quiesce.api.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on the resources. Liberty enforces them only
 * with its application-security features, which Quiesce no longer loads: the kernel's bearer authentication makes
 * the caller the servlet request's principal, and JAX-RS's {@link SecurityContext} reads it from there. A request
 * without a caller gets 401 with a Bearer challenge (RFC 6750 3.1: no error code when no token was sent); a caller
 * without a required role gets 403.
 */
@Provider
public class RoleCheck implements DynamicFeature {

    static final String CHALLENGE = "Bearer realm=\"quiesce\"";

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        RoleRule.of(resource.getResourceMethod(), resource.getResourceClass())
                .ifPresent(rule -> context.register(new Check(rule), Priorities.AUTHORIZATION));
    }

    @Priority(Priorities.AUTHORIZATION)
    static final class Check implements ContainerRequestFilter {
        private final RoleRule rule;

        Check(RoleRule rule) {
            this.rule = rule;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            SecurityContext security = request.getSecurityContext();
            String path = request.getUriInfo().getRequestUri().getRawPath();
            switch (rule.decide(security.getUserPrincipal() != null, security::isUserInRole)) {
                case UNAUTHENTICATED ->
                    request.abortWith(Response.fromResponse(Problem.of(
                                            "unauthorized",
                                            Response.Status.UNAUTHORIZED,
                                            "A bearer token is required (Authorization: Bearer <token>).")
                                    .at(path)
                                    .toResponse())
                            .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                            .build());
                case FORBIDDEN ->
                    request.abortWith(Problem.of(
                                    "forbidden",
                                    Response.Status.FORBIDDEN,
                                    "The token does not grant a role this request needs: "
                                            + String.join(", ", rule.roles()) + ".")
                            .at(path)
                            .toResponse());
                case ALLOW -> {}
            }
        }
    }
}
