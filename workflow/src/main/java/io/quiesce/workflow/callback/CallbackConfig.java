package io.quiesce.workflow.callback;

import io.quiesce.lifecycle.config.ConfigException;
import io.quiesce.lifecycle.config.ConfigReader;
import io.quiesce.lifecycle.config.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validated once at start. Without a secret no callback is accepted (a request that asks for one is refused, naming
 * {@code callback}) and this server delivers none; every replica must carry the same secret.
 *
 * @param secret         the HMAC key (decoded), or null
 * @param allowedHosts   host names a callback may go to, lower case; {@code *.example.com} allows every subdomain
 * @param lease          how long a claim lasts: a server that dies mid-delivery leaves its claim to expire after this
 * @param maxConcurrent  deliveries one server sends at once
 * @param shutdownBudget the most the stop waits for deliveries in flight before releasing them to other servers
 */
public record CallbackConfig(
        byte[] secret,
        List<String> allowedHosts,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        Duration backoff,
        Duration maxBackoff,
        Duration lease,
        int maxConcurrent,
        Duration pollInterval,
        Duration shutdownBudget) {

    public static final String SECRET = "quiesce.callbacks.secret";
    public static final String ALLOWED_HOSTS = "quiesce.callbacks.allowed-hosts";
    public static final String CONNECT_TIMEOUT = "quiesce.callbacks.connect-timeout";
    public static final String READ_TIMEOUT = "quiesce.callbacks.read-timeout";
    public static final String MAX_ATTEMPTS = "quiesce.callbacks.max-attempts";
    public static final String BACKOFF = "quiesce.callbacks.backoff";
    public static final String MAX_BACKOFF = "quiesce.callbacks.max-backoff";
    public static final String LEASE = "quiesce.callbacks.lease";
    public static final String MAX_CONCURRENT = "quiesce.callbacks.max-concurrent";
    public static final String POLL_INTERVAL = "quiesce.callbacks.poll-interval";
    public static final String SHUTDOWN_BUDGET = "quiesce.callbacks.shutdown-budget";

    static final String SECRET_PREFIX = "whsec_";
    static final String SECRET_ALLOWED = "whsec_ followed by the base64 of 24 to 64 random bytes, e.g. the output of:"
            + " echo whsec_$(head -c 32 /dev/urandom | base64)";
    private static final Pattern HOST =
            Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*|\\[[0-9a-f:.]+]");

    public boolean enabled() {
        return secret != null;
    }

    /** Allowed hosts match exactly, or any subdomain of a {@code *.domain} entry; both sides lower case. */
    public boolean allows(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? h.endsWith(allowed.substring(1)) : h.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    public static CallbackConfig read(Function<String, Optional<String>> source) {
        ConfigReader config = new ConfigReader(source, "quiesce-workflow");
        byte[] secret =
                config.optional(SECRET).map(CallbackConfig::decodeSecret).orElse(null);
        List<String> hosts = config.optional(ALLOWED_HOSTS)
                .map(raw -> Arrays.stream(raw.split(","))
                        .map(h -> h.trim().toLowerCase(Locale.ROOT))
                        .filter(h -> !h.isEmpty())
                        .toList())
                .orElse(List.of());
        for (String host : hosts) {
            if (!HOST.matcher(host).matches()) {
                throw ConfigException.invalid(
                        ALLOWED_HOSTS,
                        String.join(",", hosts),
                        "a comma-separated list of host names, *.domain for every subdomain of a domain, or IP"
                                + " addresses, e.g. hooks.example.com,*.partner.example");
            }
        }
        Duration connect = config.duration(CONNECT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1));
        Duration read = config.duration(READ_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(5));
        int attempts = config.wholeNumber(MAX_ATTEMPTS, 1, 100);
        Duration backoff = config.duration(BACKOFF, Duration.ofMillis(100), Duration.ofHours(1));
        Duration maxBackoff = config.duration(MAX_BACKOFF, backoff, Duration.ofHours(24));
        Duration lease = config.duration(LEASE, Duration.ofSeconds(1), Duration.ofHours(1));
        Duration longestAttempt = connect.plus(read);
        if (lease.compareTo(longestAttempt) <= 0) {
            throw new ConfigException("Invalid configuration " + LEASE + "='" + Durations.format(lease)
                    + "': allowed values are longer than " + CONNECT_TIMEOUT + " + " + READ_TIMEOUT + " = "
                    + Durations.format(longestAttempt)
                    + " (a claim must outlast the attempt it covers, or another server sends it again meanwhile).");
        }
        int concurrent = config.wholeNumber(MAX_CONCURRENT, 1, 64);
        Duration poll = config.duration(POLL_INTERVAL, Duration.ofMillis(100), Duration.ofMinutes(1));
        Duration budget = config.duration(SHUTDOWN_BUDGET, Duration.ZERO, Duration.ofMinutes(10));
        return new CallbackConfig(
                secret, hosts, connect, read, attempts, backoff, maxBackoff, lease, concurrent, poll, budget);
    }

    /** The value never appears in the error: a secret typed into the wrong variable must not reach the logs. */
    private static byte[] decodeSecret(String raw) {
        String hidden = "(" + raw.length() + " characters, not shown)";
        if (!raw.startsWith(SECRET_PREFIX)) {
            throw ConfigException.invalid(SECRET, hidden, SECRET_ALLOWED);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(raw.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(SECRET, hidden, SECRET_ALLOWED);
        }
        if (key.length < 24 || key.length > 64) {
            throw ConfigException.invalid(SECRET, hidden, SECRET_ALLOWED);
        }
        return key;
    }
}
