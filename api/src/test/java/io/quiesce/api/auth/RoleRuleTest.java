package io.quiesce.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.api.auth.RoleRule.Decision;
import io.quiesce.api.instances.InstancesResource;
import io.quiesce.api.schedules.SchedulesResource;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleRuleTest {

    @RolesAllowed("viewer")
    static class Annotated {
        public void inherits() {}

        @RolesAllowed("operator")
        public void own() {}

        @PermitAll
        public void open() {}

        @DenyAll
        public void closed() {}
    }

    static class Plain {
        public void none() {}
    }

    private static Optional<RoleRule> rule(Class<?> type, String method) throws NoSuchMethodException {
        return RoleRule.of(type.getMethod(method), type);
    }

    @Test
    void theMethodsAnnotationWinsOverTheClasss() throws Exception {
        assertThat(rule(Annotated.class, "inherits")).contains(new RoleRule(false, List.of("viewer")));
        assertThat(rule(Annotated.class, "own")).contains(new RoleRule(false, List.of("operator")));
        assertThat(rule(Annotated.class, "open")).isEmpty();
        assertThat(rule(Annotated.class, "closed")).contains(new RoleRule(true, List.of()));
        assertThat(rule(Plain.class, "none")).isEmpty();
    }

    @Test
    void noCallerIsUnauthenticatedACallerWithoutTheRoleIsForbidden() {
        RoleRule operator = new RoleRule(false, List.of("operator"));
        assertThat(operator.decide(false, r -> true)).isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(operator.decide(true, Set.of("viewer")::contains)).isEqualTo(Decision.FORBIDDEN);
        assertThat(operator.decide(true, Set.of("viewer", "operator")::contains))
                .isEqualTo(Decision.ALLOW);
        assertThat(new RoleRule(true, List.of()).decide(true, r -> true)).isEqualTo(Decision.FORBIDDEN);
        assertThat(new RoleRule(true, List.of()).decide(false, r -> true)).isEqualTo(Decision.UNAUTHENTICATED);
    }

    /** Every mutating endpoint demands the operator role and nothing else (AuthIT sends each one). */
    @Test
    void everyMutatingEndpointNeedsTheOperatorRole() {
        for (Class<?> resource : List.of(InstancesResource.class, SchedulesResource.class)) {
            for (Method m : resource.getMethods()) {
                boolean mutating = Arrays.asList(POST.class, PUT.class, DELETE.class, PATCH.class).stream()
                        .anyMatch(m::isAnnotationPresent);
                if (mutating) {
                    assertThat(RoleRule.of(m, resource))
                            .as(resource.getSimpleName() + "." + m.getName())
                            .contains(new RoleRule(false, List.of("operator")));
                }
            }
        }
    }
}
