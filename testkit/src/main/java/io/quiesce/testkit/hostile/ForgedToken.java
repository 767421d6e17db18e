package io.quiesce.testkit.hostile;

/**
 * A valid JWT with its signature altered: what an attacker who saw one token (or guesses its shape) sends. The header
 * and claims still parse; only the signature check can refuse it.
 */
public final class ForgedToken {

    private ForgedToken() {}

    /** {@code token} with {@code n}-th variation of its signature: characters in its middle changed, length kept. */
    public static String forge(String token, int n) {
        int dot = token.lastIndexOf('.');
        char[] signature = token.substring(dot + 1).toCharArray();
        int at = signature.length / 2;
        for (int i = 0; i < 4; i++) {
            int p = (at + i + n) % signature.length;
            signature[p] = signature[p] == 'A' ? 'B' : 'A';
        }
        return token.substring(0, dot + 1) + new String(signature);
    }

    public static String signature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    /**
     * Pieces of the signature long enough that finding one on disk means the token was written there (a base64url run
     * of 16 characters does not occur by chance), covering it from start to end.
     */
    public static java.util.List<String> signatureFragments(String token) {
        String s = signature(token);
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i + 16 <= s.length(); i += 16) {
            out.add(s.substring(i, i + 16));
        }
        out.add(s.substring(s.length() - 16));
        return out;
    }
}
