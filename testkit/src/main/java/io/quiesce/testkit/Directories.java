package io.quiesce.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Output directories of servers, rehearsals and copies of the checkout. */
public final class Directories {

    private Directories() {}

    /** Bytes of every regular file below {@code dir} (0 when it is absent): what a server wrote to its disk. */
    public static long size(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            long total = 0;
            for (Path path : paths.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                try {
                    total += Files.size(path);
                } catch (java.nio.file.NoSuchFileException rotatedAway) {
                    // a log rolled over while we counted
                }
            }
            return total;
        }
    }

    /** Deletes {@code dir} and everything below it; a link is deleted, never followed. Nothing to do when it is absent. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
