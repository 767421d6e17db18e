package io.quiesce.workflow.callback;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A callback URL this server may deliver to: HTTPS, or plain HTTP to a loopback address for development; no credentials
 * or fragment; a host that {@code quiesce.callbacks.allowed-hosts} allows. Its text is never logged or shown: a query
 * string may carry the receiver's token.
 */
public record CallbackTarget(URI uri) {

    public static final String FIELD = "callback.url";
    public static final int MAX_LENGTH = 2048;

    /** @throws InvalidCallbackException naming the field and what is wrong with it */
    public static CallbackTarget parse(String raw, CallbackConfig config) {
        if (!config.enabled()) {
            throw new InvalidCallbackException(
                    "callback",
                    "is not available on this server: callbacks need a signing secret (" + CallbackConfig.SECRET
                            + "), which it does not have");
        }
        if (raw == null || raw.isBlank()) {
            throw new InvalidCallbackException(FIELD, "is required");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidCallbackException(FIELD, "must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw notAnUrl();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            throw notAnUrl();
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidCallbackException(FIELD, "must not contain credentials (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidCallbackException(FIELD, "must not contain a fragment (#...)");
        }
        String host = uri.getHost();
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback(host))) {
            throw new InvalidCallbackException(
                    FIELD, "must be an https URL (plain http only to a loopback address, for development)");
        }
        if (!config.allows(host)) {
            throw new InvalidCallbackException(
                    FIELD, "names a host that callbacks may not go to (see " + CallbackConfig.ALLOWED_HOSTS + ")");
        }
        return new CallbackTarget(uri);
    }

    /** The host alone, for logs. */
    public String host() {
        return uri.getHost();
    }

    private static InvalidCallbackException notAnUrl() {
        return new InvalidCallbackException(FIELD, "must be an absolute URL such as https://hooks.example.com/quiesce");
    }

    /** Literal addresses and localhost only: resolving a name here would let DNS decide what plain HTTP reaches. */
    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("[::1]") || h.equals("[0:0:0:0:0:0:0:1]")) {
            return true;
        }
        String[] octets = h.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
