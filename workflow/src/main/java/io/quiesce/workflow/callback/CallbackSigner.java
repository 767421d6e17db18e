package io.quiesce.workflow.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs as the Standard Webhooks specification does, so that its libraries verify Quiesce's callbacks: HMAC-SHA256 over
 * {@code <delivery id>.<unix seconds>.<body>}, sent as {@code webhook-signature: v1,<base64>} next to
 * {@code webhook-id} and {@code webhook-timestamp}. The id is the same for every attempt (de-duplicate on it); the
 * timestamp is each attempt's (reject old ones to stop replays).
 */
public final class CallbackSigner {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private final SecretKeySpec key;

    public CallbackSigner(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The header value: {@code v1,<base64 signature>}. */
    public String sign(String deliveryId, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((deliveryId + "." + unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }
}
