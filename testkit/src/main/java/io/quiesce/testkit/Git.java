package io.quiesce.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The git commands the release tooling runs in this repository (the rehearsal's builds of earlier releases, the migration
 * gate): the {@code git} executable, because what it reads is the checkout's own history. A failure names the command and
 * what git said.
 */
public final class Git {

    private static final long TIMEOUT_SECONDS = 300;

    private final Path root;

    private Git(Path root) {
        this.root = root;
    }

    public static Git at(Path root) {
        return new Git(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    /**
     * Fails, saying what to do, when this checkout has no git history (a copy of the files, or no {@code git}).
     *
     * @param forWhat what needs the history, for the message
     */
    public Git requireHistory(String forWhat) {
        Result result;
        try {
            result = run(List.of("rev-parse", "--is-inside-work-tree"));
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(
                    forWhat + " needs the git history of this repository, but git could not be run in " + root + " ("
                            + e.getCause().getMessage() + "): install git (apt-get install git)",
                    e);
        }
        if (result.code() != 0) {
            throw new IllegalStateException(forWhat + " needs the git history of this repository, but " + root
                    + " is not a git work tree (" + result.errors().trim() + "): run it in a clone of the repository");
        }
        return this;
    }

    /** The full id of the commit {@code ref} names; empty when it names none here (unknown, or not fetched). */
    public Optional<String> commit(String ref) {
        Result result = run(List.of("rev-parse", "--verify", "--quiet", ref + "^{commit}"));
        return result.code() == 0 ? Optional.of(result.text().trim()) : Optional.empty();
    }

    /** Every file path of {@code commit}'s tree. */
    public List<String> files(String commit) {
        return List.of(require(List.of("ls-tree", "-r", "--name-only", "-z", commit))
                        .text()
                        .split("\0"))
                .stream()
                .filter(p -> !p.isEmpty())
                .toList();
    }

    /** A file as {@code commit} has it. */
    public byte[] show(String commit, String path) {
        return require(List.of("show", commit + ":" + path)).output();
    }

    /** {@code commit}'s tree, without the repository's metadata, into the empty directory {@code target}. */
    public void export(String commit, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target);
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder("git", "-C", root.toString(), "archive", "--format=tar", commit)
                        .redirectError(ProcessBuilder.Redirect.INHERIT),
                new ProcessBuilder("tar", "-x", "-C", target.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)));
        for (Process process : pipeline) {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                pipeline.forEach(Process::destroyForcibly);
                throw new IOException("git archive " + commit + " | tar -x took over " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("git archive " + commit + " | tar -x -C " + target + " failed with exit code "
                        + process.exitValue() + " (" + process.info().command().orElse("?") + ")");
            }
        }
    }

    private Result require(List<String> args) {
        Result result = run(args);
        if (result.code() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + root + ": "
                    + result.errors().trim());
        }
        return result;
    }

    private record Result(int code, byte[] output, String errors) {
        String text() {
            return new String(output, StandardCharsets.UTF_8);
        }
    }

    private Result run(List<String> args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] output = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took over " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), output, new String(errors.get(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in;
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
