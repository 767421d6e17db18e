package io.quiesce.quickstart;

import io.quiesce.testkit.Directories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What a fresh machine has: the checkout's files without build output, and no io.quiesce artifact installed. */
final class CleanCopy {

    /** Larger files are hard-linked (Maven replaces artifacts, never rewrites them); small ones, such as the
     *  resolver's tracking files that Maven does rewrite in place, are copied so that the user's stay untouched. */
    private static final long LINK_ABOVE_BYTES = 64 * 1024;

    private CleanCopy() {}

    /** The files git tracks or would track (new, not ignored), as they are in the working tree. */
    static Path checkout(Path root, Path target) throws IOException, InterruptedException {
        Directories.deleteRecursively(target);
        Process git = new ProcessBuilder(
                        "git", "-C", root.toString(), "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .redirectErrorStream(true)
                .start();
        byte[] listing = git.getInputStream().readAllBytes();
        if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
            throw new IllegalStateException("git ls-files failed in " + root
                    + " (the check needs git and a git checkout): " + new String(listing, StandardCharsets.UTF_8));
        }
        for (String file : new String(listing, StandardCharsets.UTF_8).split("\0")) {
            Path source = root.resolve(file);
            if (file.isEmpty() || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Path copy = target.resolve(file);
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return target;
    }

    /** The local repository the build uses, less {@code io/quiesce}; the user's own is never written to. */
    static Path repositoryWithoutProject(Path repository, Path target) throws IOException {
        Directories.deleteRecursively(target);
        Path own = repository.resolve("io/quiesce");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(repository)) {
            try (Stream<Path> all = Files.walk(repository)) {
                all.filter(p -> !p.startsWith(own) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .forEach(files::add);
            }
        }
        for (Path file : files) {
            Path copy = target.resolve(repository.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            if (Files.size(file) > LINK_ABOVE_BYTES) {
                try {
                    Files.createLink(copy, file);
                    continue;
                } catch (IOException | UnsupportedOperationException e) {
                    // another file system: copy instead
                }
            }
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createDirectories(target);
        return target;
    }
}
