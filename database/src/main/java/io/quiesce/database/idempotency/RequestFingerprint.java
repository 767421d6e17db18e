package io.quiesce.database.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One rule for instances and schedules, so that stored fingerprints stay comparable across versions in a rollout. */
public final class RequestFingerprint {

    private RequestFingerprint() {}

    /** Each part must already be canonical (trimmed, JSON with sorted keys, or normalised by its type). */
    public static String of(String... parts) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
