package io.quiesce.workflow.instance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of what a creating request asks for, stored with what it created and compared when its
 * Idempotency-Key comes again: a retry of the same request matches, another request under the same key does not.
 * Instances and schedules both hash their request this way, so that the rule is one and the stored values stay
 * comparable across versions of a rolling update.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    /**
     * SHA-256 hex (64 characters) of the parts one per line; each part must already be in a canonical form (trimmed,
     * JSON with sorted keys or normalised by its type), so that equal requests give equal parts.
     */
    public static String of(String... parts) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
