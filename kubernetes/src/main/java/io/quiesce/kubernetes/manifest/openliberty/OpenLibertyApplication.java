package io.quiesce.kubernetes.manifest.openliberty;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * An Open Liberty Operator {@code apps.openliberty.io/v1 OpenLibertyApplication}. fabric8 has no model for it, so these
 * records mirror the operator's Go types (api/v1/openlibertyapplication_types.go) for the fields this project uses, and
 * are read with unknown properties failing: a field the operator does not have (e.g. {@code terminationGracePeriodSeconds})
 * is an error here instead of being dropped by the API server's pruning. Add a field here when a manifest needs it.
 */
public record OpenLibertyApplication(
        String apiVersion, String kind, ObjectMeta metadata, OpenLibertyApplicationSpec spec) {

    public static final String API_VERSION = "apps.openliberty.io/v1";
    public static final String KIND = "OpenLibertyApplication";
}
