package io.quiesce.api;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * {@code /health} and {@code /openapi} are Liberty's, outside this application, so they stay anonymous. Bearer tokens
 * are verified by the kernel before any resource runs; {@link io.quiesce.api.auth.RoleCheck} enforces the roles.
 */
@ApplicationPath("/api")
@DeclareRoles({QuiesceApplication.OPERATOR, QuiesceApplication.VIEWER})
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Quiesce",
                        version = "0.3.0",
                        description =
                                "Scheduled workflow runs on a service that survives rolling updates without losing work."),
        security = @SecurityRequirement(name = "jwt"))
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class QuiesceApplication extends Application {

    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";
}
