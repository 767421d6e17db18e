package io.quiesce.bench;

import io.quiesce.testkit.SteadyLoad;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Quiesce (with telemetry off, as in production without a collector, or exporting to the dev services' receiver), or
 * the plain baseline with the same {@code server.xml} features and demo endpoints; the baseline has no security, so
 * its {@code headers} carry no token. {@code name} labels the variant's numbers and output directories.
 */
record Variant(String name, String server, Map<String, String> env, Map<String, String> headers) {

    /**
     * The packaged server's jvm.options exports to the dev services' receiver; {@code bin/server} puts JVM_ARGS after
     * them, so this -D wins. Empty: no endpoint, telemetry off.
     */
    static Map<String, String> otlpEndpoint(String endpoint) {
        return Map.of("JVM_ARGS", "-Dotel.exporter.otlp.endpoint=" + endpoint);
    }

    boolean isQuiesce() {
        return server.equals("quiesce");
    }

    /** The environment of one instance: Quiesce's Quartz node and Temporal worker need an identity of their own. */
    Map<String, String> envFor(String instance) {
        if (!isQuiesce()) {
            return env;
        }
        Map<String, String> all = new HashMap<>(env);
        all.put("QUIESCE_JOBS_INSTANCE_ID", "bench-" + instance);
        all.put("QUIESCE_WORKFLOW_WORKER_IDENTITY", "bench-" + instance);
        return all;
    }

    /** So that Quiesce's serving servers also run workflow steps; without an Idempotency-Key each request starts an instance. */
    List<SteadyLoad.Request> workflowRequests() {
        return isQuiesce()
                ? List.of(SteadyLoad.Request.postJson(
                        "/api/instances", "{\"type\":\"report\",\"input\":{\"steps\":2,\"stepMillis\":200}}"))
                : List.of();
    }
}
