package io.quiesce.lifecycle.http.auth;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The RSA keys tokens may be signed with, parsed from a PEM public key ({@code BEGIN PUBLIC KEY}), a PEM certificate,
 * a JWKS ({@code {"keys":[...]}}) or a single JWK. Keys shorter than 2048 bits, keys of other types and keys whose
 * {@code use} or {@code alg} says they are not RS256 signing keys are left out.
 */
record VerificationKeys(List<Key> keys) {

    static final int MIN_BITS = 2048;

    /** One key; {@code kid} is empty for a PEM key, which then verifies tokens whatever their {@code kid}. */
    record Key(Optional<String> kid, RSAPublicKey publicKey) {}

    static VerificationKeys parse(String material) {
        String text = material.strip();
        List<Key> keys = new ArrayList<>();
        if (text.startsWith("{")) {
            JsonObject json;
            try {
                json = Json.object(text);
            } catch (JsonException e) {
                throw new IllegalArgumentException("neither PEM nor a JSON Web Key (Set): " + e.getMessage());
            }
            JsonValue list = json.get("keys");
            if (list == null) {
                jwk(json).ifPresent(keys::add);
            } else if (list.getValueType() == JsonValue.ValueType.ARRAY) {
                for (JsonValue k : list.asJsonArray()) {
                    if (k.getValueType() == JsonValue.ValueType.OBJECT) {
                        jwk(k.asJsonObject()).ifPresent(keys::add);
                    }
                }
            } else {
                throw new IllegalArgumentException("the JWKS's keys is not an array");
            }
        } else if (text.contains("-----BEGIN PUBLIC KEY-----")) {
            keys.add(new Key(Optional.empty(), rsa(pem(text, "PUBLIC KEY"), false)));
        } else if (text.contains("-----BEGIN CERTIFICATE-----")) {
            keys.add(new Key(Optional.empty(), rsa(pem(text, "CERTIFICATE"), true)));
        } else if (text.contains("-----BEGIN RSA PUBLIC KEY-----")) {
            throw new IllegalArgumentException(
                    "a PKCS#1 RSA PUBLIC KEY: convert it to an X.509 PUBLIC KEY (openssl rsa -RSAPublicKey_in -pubout)");
        } else {
            throw new IllegalArgumentException("neither a PEM public key or certificate nor a JSON Web Key (Set)");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no RSA signing key of at least " + MIN_BITS + " bits");
        }
        return new VerificationKeys(List.copyOf(keys));
    }

    private static Optional<Key> jwk(JsonObject jwk) {
        if (!"RSA".equals(string(jwk, "kty"))
                || (jwk.containsKey("use") && !"sig".equals(string(jwk, "use")))
                || (jwk.containsKey("alg") && !JwtVerifier.ALGORITHM.equals(string(jwk, "alg")))) {
            return Optional.empty();
        }
        String n = string(jwk, "n");
        String e = string(jwk, "e");
        if (n == null || e == null) {
            return Optional.empty();
        }
        try {
            Base64.Decoder url = Base64.getUrlDecoder();
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(
                            new RSAPublicKeySpec(new BigInteger(1, url.decode(n)), new BigInteger(1, url.decode(e))));
            if (key.getModulus().bitLength() < MIN_BITS) {
                return Optional.empty();
            }
            return Optional.of(new Key(Optional.ofNullable(string(jwk, "kid")), key));
        } catch (GeneralSecurityException | IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    private static String string(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v instanceof JsonString s ? s.getString() : null;
    }

    private static byte[] pem(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end, from);
        if (to < 0) {
            throw new IllegalArgumentException("no " + end);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM " + type + " is not base64: " + e.getMessage());
        }
    }

    private static RSAPublicKey rsa(byte[] der, boolean certificate) {
        PublicKey key;
        try {
            key = certificate
                    ? CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der))
                            .getPublicKey()
                    : KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key: " + e.getMessage());
        }
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new IllegalArgumentException("a " + key.getAlgorithm() + " key: only RSA keys verify RS256");
        }
        if (rsa.getModulus().bitLength() < MIN_BITS) {
            throw new IllegalArgumentException(
                    "an RSA key of " + rsa.getModulus().bitLength() + " bits: at least " + MIN_BITS + " are required");
        }
        return rsa;
    }

    /** The keys to try for a token: the one named by its kid, else every key that has no kid or the only key. */
    List<RSAPublicKey> candidates(Optional<String> kid) {
        List<RSAPublicKey> out = new ArrayList<>();
        for (Key k : keys) {
            if (kid.isPresent() && k.kid().isPresent()) {
                if (k.kid().equals(kid)) {
                    return List.of(k.publicKey());
                }
            } else {
                out.add(k.publicKey());
            }
        }
        return out;
    }

    List<String> kids() {
        return keys.stream().map(k -> k.kid().orElse("-")).toList();
    }
}
