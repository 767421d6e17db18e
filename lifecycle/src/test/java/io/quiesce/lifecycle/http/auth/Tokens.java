package io.quiesce.lifecycle.http.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/** Test keys and hand-made tokens: any header, any claims, signed or not. */
final class Tokens {

    static final KeyPair KEY = generate(2048);
    static final KeyPair OTHER_KEY = generate(2048);

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    static KeyPair generate(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String segment(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** header.claims signed RS256 with {@code key}. */
    static String signed(String header, String claims, KeyPair key) {
        String input = segment(header) + "." + segment(claims);
        return input + "." + URL.encodeToString(rs256(input, key));
    }

    static byte[] rs256(String input, KeyPair key) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(KeyPair key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String jwk(KeyPair key, String kid) {
        RSAPublicKey rsa = (RSAPublicKey) key.getPublic();
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + URL.encodeToString(unsigned(rsa.getModulus())) + "\",\"e\":\""
                + URL.encodeToString(unsigned(rsa.getPublicExponent())) + "\"}";
    }

    static String jwks(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] bytes = n.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            byte[] out = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, out, 0, out.length);
            return out;
        }
        return bytes;
    }
}
