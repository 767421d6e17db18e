package io.quiesce.kubernetes.invariant;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Secrets in the repository are placeholders: a value committed here would be a leaked credential. */
final class SecretChecks {

    static final String SECRET_VALUES = "secret-values";

    private SecretChecks() {}

    static List<Violation> check(List<Secret> secrets) {
        List<Violation> violations = new ArrayList<>();
        for (Secret secret : secrets) {
            List<String> keys = new ArrayList<>();
            keys.addAll(Optional.ofNullable(secret.getData()).orElse(Map.of()).keySet());
            keys.addAll(
                    Optional.ofNullable(secret.getStringData()).orElse(Map.of()).keySet());
            if (!keys.isEmpty()) {
                violations.add(new Violation(
                        SECRET_VALUES,
                        "Secret/" + secret.getMetadata().getName(),
                        "holds values for " + keys
                                + ": keep the manifest a placeholder and create the values in the cluster"));
            }
        }
        return violations;
    }
}
