package io.quiesce.bench;

import io.quiesce.testkit.SteadyLoad;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A server the benchmarks start: Quiesce, or the plain baseline with the same {@code server.xml} features and the same demo
 * endpoints.
 *
 * @param server  the Liberty server's name in the installation
 * @param env     environment every start gets
 * @param headers sent with every load request (the baseline has no security, so no token)
 */
record Variant(String server, Map<String, String> env, Map<String, String> headers) {

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

    /**
     * What only Quiesce serves on top of the demo endpoints, so that its serving servers also run workflow steps: an
     * instance of two 200 ms steps per request (no Idempotency-Key: each request starts a new one).
     */
    List<SteadyLoad.Request> workflowRequests() {
        return isQuiesce() ? List.of(SteadyLoad.Request.postJson("/api/instances",
                "{\"type\":\"report\",\"input\":{\"steps\":2,\"stepMillis\":200}}")) : List.of();
    }
}
