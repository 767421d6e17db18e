package io.quiesce.testkit.hostile;

import io.quiesce.testkit.LibertyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
    public static List<String> signatureFragments(String token) {
        String s = signature(token);
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 16 <= s.length(); i += 16) {
            out.add(s.substring(i, i + 16));
        }
        out.add(s.substring(s.length() - 16));
        return out;
    }

    /**
     * Every line, as {@code <file name>: <line>}, that holds a piece of one of {@code tokens}' signatures, in the files
     * below the server's logs directory and its console output: where a rejected credential reached the disk.
     */
    public static List<String> onDisk(LibertyServer server, List<String> tokens) throws IOException {
        List<String> fragments =
                tokens.stream().flatMap(t -> signatureFragments(t).stream()).toList();
        List<Path> files;
        try (Stream<Path> paths = Files.walk(server.logsDirectory())) {
            files = new ArrayList<>(paths.filter(Files::isRegularFile).toList());
        }
        files.add(server.consoleLog());
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                if (fragments.stream().anyMatch(line::contains)) {
                    lines.add(file.getFileName() + ": " + line);
                }
            }
        }
        return lines;
    }
}
