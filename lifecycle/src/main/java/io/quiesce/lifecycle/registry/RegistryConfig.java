package io.quiesce.lifecycle.registry;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.ConfigReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The registries outside Kubernetes this server leaves at the signal: none unless a URL is configured.
 *
 * @param timeout each registry call's bound (connect and answer); a registry slower than this is left as it is
 */
public record RegistryConfig(Optional<Consul> consul, Optional<Eureka> eureka, Duration timeout) {

    public static final String CONSUL_URL = "quiesce.registry.consul.url";
    public static final String CONSUL_SERVICE_ID = "quiesce.registry.consul.service-id";
    public static final String CONSUL_TOKEN = "quiesce.registry.consul.token";
    public static final String EUREKA_URL = "quiesce.registry.eureka.url";
    public static final String EUREKA_APP = "quiesce.registry.eureka.app";
    public static final String EUREKA_INSTANCE_ID = "quiesce.registry.eureka.instance-id";
    public static final String EUREKA_ACTION = "quiesce.registry.eureka.action";
    public static final String TIMEOUT = "quiesce.registry.timeout";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}");
    private static final String NAME_ALLOWED =
            "1-200 letters, digits, '.', '_', ':', '@', '-', starting with a letter or digit";

    /** @param url the agent's HTTP API, e.g. {@code http://127.0.0.1:8500} (the node's local agent) */
    public record Consul(URI url, String serviceId, Optional<String> token) {}

    /** What a Eureka server is told: mark the instance OUT_OF_SERVICE (survives heartbeats) or delete it. */
    public enum EurekaAction {
        OUT_OF_SERVICE,
        DELETE
    }

    /** @param url the server's REST base, e.g. {@code http://eureka:8761/eureka} */
    public record Eureka(URI url, String app, String instanceId, EurekaAction action) {}

    public boolean enabled() {
        return consul.isPresent() || eureka.isPresent();
    }

    public static RegistryConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-lifecycle");
        Duration timeout = config.duration(TIMEOUT, Duration.ofMillis(100), Duration.ofSeconds(30));
        Optional<Consul> consul = config.optional(CONSUL_URL)
                .map(url -> new Consul(
                        url(CONSUL_URL, url),
                        config.matching(CONSUL_SERVICE_ID, NAME, NAME_ALLOWED),
                        config.optional(CONSUL_TOKEN)));
        String rawAction = config.require(EUREKA_ACTION);
        EurekaAction action = switch (rawAction.trim()) {
            case "out-of-service" -> EurekaAction.OUT_OF_SERVICE;
            case "delete" -> EurekaAction.DELETE;
            default -> throw ConfigException.invalid(EUREKA_ACTION, rawAction, "out-of-service or delete");
        };
        Optional<Eureka> eureka = config.optional(EUREKA_URL)
                .map(url -> new Eureka(
                        url(EUREKA_URL, url),
                        config.matching(EUREKA_APP, NAME, NAME_ALLOWED),
                        config.matching(EUREKA_INSTANCE_ID, NAME, NAME_ALLOWED),
                        action));
        return new RegistryConfig(consul, eureka, timeout);
    }

    private static URI url(String property, String raw) {
        String value = raw.trim().replaceAll("/+$", "");
        try {
            URI uri = new URI(value);
            if ((uri.getScheme() != null
                            && (uri.getScheme().equals("http")
                                    || uri.getScheme().equals("https")))
                    && uri.getHost() != null
                    && uri.getQuery() == null
                    && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw ConfigException.invalid(
                property, raw, "an absolute http or https URL without query or fragment, e.g. http://127.0.0.1:8500");
    }
}
