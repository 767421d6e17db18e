package io.quiesce.api.auth;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a resource method's security annotations demand: the method's own {@code @RolesAllowed}, {@code @PermitAll} or
 * {@code @DenyAll} wins over its class's (Jakarta Annotations' rule); a method with none demands nothing.
 */
record RoleRule(boolean denyAll, List<String> roles) {

    enum Decision {
        ALLOW,
        /** No caller: 401 with a Bearer challenge. */
        UNAUTHENTICATED,
        /** A caller without any of the roles: 403. */
        FORBIDDEN
    }

    static Optional<RoleRule> of(Method method, Class<?> resource) {
        Optional<RoleRule> own = declared(
                method.getAnnotation(DenyAll.class),
                method.getAnnotation(PermitAll.class),
                method.getAnnotation(RolesAllowed.class));
        if (own != null) {
            return own;
        }
        Optional<RoleRule> inherited = declared(
                resource.getAnnotation(DenyAll.class),
                resource.getAnnotation(PermitAll.class),
                resource.getAnnotation(RolesAllowed.class));
        return inherited == null ? Optional.empty() : inherited;
    }

    /** null when none of the three is there; empty for {@code @PermitAll}. */
    private static Optional<RoleRule> declared(DenyAll deny, PermitAll permit, RolesAllowed roles) {
        if (deny != null) {
            return Optional.of(new RoleRule(true, List.of()));
        }
        if (roles != null) {
            return Optional.of(new RoleRule(false, List.of(roles.value())));
        }
        if (permit != null) {
            return Optional.empty();
        }
        return null;
    }

    /** {@code authenticated}: whether the request has a caller; {@code inRole}: the request's role check. */
    Decision decide(boolean authenticated, Predicate<String> inRole) {
        if (!authenticated) {
            return Decision.UNAUTHENTICATED;
        }
        if (denyAll || roles.stream().noneMatch(inRole)) {
            return Decision.FORBIDDEN;
        }
        return Decision.ALLOW;
    }
}
