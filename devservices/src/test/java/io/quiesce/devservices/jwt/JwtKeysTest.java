package io.quiesce.devservices.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.devservices.config.DevServicesException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtKeysTest {

    @TempDir
    Path dir;

    @Test
    void generatesAPkcs8PrivateKeyAndAnX509PublicKeyOnce() throws Exception {
        JwtKeys keys = JwtKeys.ensure(dir.resolve("jwt"));

        assertThat(Files.readString(keys.privateKey()))
                .startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(keys.publicKey()))
                .startsWith("-----BEGIN PUBLIC KEY-----\n")
                .endsWith("-----END PUBLIC KEY-----\n");
        assertThat(Files.readAllLines(keys.publicKey()))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.privateKey())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.publicKey())))
                .isEqualTo("rw-r--r--");
        assertThat(keys.readPublicKey().getModulus())
                .isEqualTo(keys.readPrivateKey().getModulus());
        assertThat(keys.readPublicKey().getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void reusesAnExistingPair() throws Exception {
        JwtKeys first = JwtKeys.ensure(dir);
        String publicPem = Files.readString(first.publicKey());

        JwtKeys second = JwtKeys.ensure(dir);

        assertThat(Files.readString(second.publicKey())).isEqualTo(publicPem);
    }

    @Test
    void refusesAHalfPair() throws Exception {
        JwtKeys keys = JwtKeys.ensure(dir);
        Files.delete(keys.publicKey());

        assertThatThrownBy(() -> JwtKeys.ensure(dir))
                .isInstanceOf(DevServicesException.class)
                .hasMessageContaining("only one of");
    }

    @Test
    void refusesAFileThatIsNotPem() throws Exception {
        JwtKeys keys = JwtKeys.in(dir);
        Files.writeString(keys.privateKey(), "not a key");
        Files.writeString(keys.publicKey(), "not a key");

        assertThatThrownBy(() -> JwtKeys.ensure(dir))
                .isInstanceOf(DevServicesException.class)
                .hasMessageContaining("private.pem is not a PEM file");
    }
}
