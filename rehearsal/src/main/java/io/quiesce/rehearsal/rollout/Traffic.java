package io.quiesce.rehearsal.rollout;

import io.quiesce.rehearsal.config.RehearsalConfig;
import io.quiesce.rehearsal.config.RequestMix;
import io.quiesce.testkit.OpenLoad;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests of the load, by sequence number: the mix's cycle over and over, each instance with its own key; a share
 * of the instances ask for a completion callback, spread evenly.
 */
final class Traffic {

    static final String GET = "get";
    static final String ECHO = "echo";
    static final String LONG = "long";
    static final String INSTANCE = "instance";

    private final List<RequestMix.Kind> cycle;
    private final Map<String, String> auth;
    private final String keyPrefix;
    private final String instanceBody;
    private final String callbackBody;
    private final int callbackShare;
    private final AtomicLong instances = new AtomicLong();
    private final Set<String> callbackKeys = ConcurrentHashMap.newKeySet();
    private final String longPath;

    /** @param callbackUrl where the instances that ask for a callback want it, or null for none */
    Traffic(RehearsalConfig config, String token, String keyPrefix, String callbackUrl) {
        this.cycle = config.mix().cycle();
        this.auth = Map.of("Authorization", "Bearer " + token);
        this.keyPrefix = keyPrefix;
        String input = "\"input\":{\"steps\":" + config.workflowSteps() + ",\"stepMillis\":"
                + config.workflowStep().toMillis() + "}";
        this.instanceBody = "{\"type\":\"report\"," + input + "}";
        this.callbackBody = "{\"type\":\"report\"," + input + ",\"callback\":{\"url\":\"" + callbackUrl + "\"}}";
        this.callbackShare = callbackUrl == null ? 0 : config.callbackShare();
        this.longPath = "/api/demo/sleep?seconds=" + config.longRequest().toSeconds();
    }

    OpenLoad.Request request(long seq) {
        return switch (cycle.get((int) (seq % cycle.size()))) {
            case GET -> new OpenLoad.Request(GET, "GET", "/api/demo/sleep?seconds=0", auth, null);
            case ECHO -> new OpenLoad.Request(ECHO, "POST", "/api/demo/echo", auth, "{\"seq\":" + seq + "}");
            case LONG -> new OpenLoad.Request(LONG, "GET", longPath, auth, null);
            case INSTANCE -> {
                Map<String, String> headers = new ConcurrentHashMap<>(auth);
                headers.put("Idempotency-Key", key(seq));
                long n = instances.getAndIncrement();
                boolean callback = (n + 1) * callbackShare / 100 > n * callbackShare / 100;
                if (callback) {
                    callbackKeys.add(key(seq));
                }
                yield new OpenLoad.Request(
                        INSTANCE, "POST", "/api/instances", headers, callback ? callbackBody : instanceBody);
            }
        };
    }

    String key(long seq) {
        return keyPrefix + seq;
    }

    /** The keys of the accepted instances that asked for a callback. */
    Set<String> acceptedWithCallback(List<OpenLoad.Outcome> outcomes) {
        return Set.copyOf(
                accepted(outcomes).stream().filter(callbackKeys::contains).toList());
    }

    /** The keys of the instances the API accepted. */
    Set<String> accepted(List<OpenLoad.Outcome> outcomes) {
        return Set.copyOf(outcomes.stream()
                .filter(o -> o.kind().equals(INSTANCE) && (o.status() == 202 || o.status() == 200))
                .map(o -> key(o.seq()))
                .toList());
    }
}
