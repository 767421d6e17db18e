package io.quiesce.devservices.jwt;

import io.quiesce.devservices.config.DevServicesException;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.logging.Logger;

/** Generated once per directory, then reused, so that tokens minted earlier stay valid across launcher restarts. */
public record JwtKeys(Path privateKey, Path publicKey) {

    private static final Logger LOG = Logger.getLogger(JwtKeys.class.getName());
    private static final EventLog EVENTS = new EventLog(LOG, LogFormat.TEXT);
    private static final int KEY_SIZE = 2048;

    public static JwtKeys in(Path dir) {
        return new JwtKeys(dir.resolve("private.pem"), dir.resolve("public.pem"));
    }

    public static JwtKeys ensure(Path dir) {
        JwtKeys keys = in(dir);
        boolean hasPrivate = Files.exists(keys.privateKey);
        boolean hasPublic = Files.exists(keys.publicKey);
        if (hasPrivate && hasPublic) {
            keys.readPrivateKey();
            keys.readPublicKey();
            EVENTS.info("jwt.keys_reused", EventLog.fields("public_key", keys.publicKey));
        } else if (hasPrivate || hasPublic) {
            throw new DevServicesException("only one of " + keys.privateKey + " and " + keys.publicKey
                    + " exists: delete it so that a new pair is generated");
        } else {
            keys.generate();
            EVENTS.info("jwt.keys_generated", EventLog.fields("public_key", keys.publicKey, "bits", KEY_SIZE));
        }
        return keys;
    }

    private void generate() {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_SIZE);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate RSA keys", e);
        }
        try {
            Files.createDirectories(privateKey.getParent());
            // The public key must be readable by a server running as another user.
            write(privateKey, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()), "rw-------");
            write(publicKey, Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()), "rw-r--r--");
        } catch (IOException e) {
            throw new DevServicesException(
                    "could not write the JWT keys to " + privateKey.getParent() + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path target, String pem, String posixPermissions) throws IOException {
        // A temp file starts owner-only (rw-------), so the private key is never readable by others, not even briefly.
        Path temp =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(posixPermissions));
        }
        Files.writeString(temp, pem, StandardCharsets.US_ASCII);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    public RSAPrivateKey readPrivateKey() {
        return readPrivateKey(privateKey);
    }

    public RSAPublicKey readPublicKey() {
        return readPublicKey(publicKey);
    }

    /** A PKCS#8 RSA private key ({@code BEGIN PRIVATE KEY}); PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) is rejected. */
    public static RSAPrivateKey readPrivateKey(Path pem) {
        byte[] der = read(pem, "PRIVATE KEY");
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new DevServicesException(pem + " is not a PKCS#8 RSA private key: " + e.getMessage(), e);
        }
    }

    public static RSAPublicKey readPublicKey(Path pem) {
        byte[] der = read(pem, "PUBLIC KEY");
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new DevServicesException(pem + " is not an X.509 RSA public key: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file, String type) {
        try {
            // ISO-8859-1 decodes any byte, so a binary or mangled file is reported as "not PEM" rather than unreadable.
            return Pem.decode(type, Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            throw new DevServicesException(
                    file + " does not exist: start the dev services once to generate the keys,"
                            + " or set quiesce.devservices.dir",
                    e);
        } catch (IOException e) {
            throw new DevServicesException("cannot read " + file + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new DevServicesException(file + " is not a PEM file with a " + type + ": " + e.getMessage(), e);
        }
    }
}
