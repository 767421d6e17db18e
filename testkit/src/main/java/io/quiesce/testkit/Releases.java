package io.quiesce.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@value #FILE} at the repository's root: the commits of main that were shipped, oldest first, one
 * {@code <version> <full commit id>} per line ({@code #} starts a comment). The version is the image tag, the release's
 * {@code quiesce.workflow.code-version}.
 */
public record Releases(Path file, List<Release> all) {

    public static final String FILE = "releases.txt";

    private static final Pattern LINE = Pattern.compile("(\\S+)\\s+(\\S+)");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /** @param commit the full commit id */
    public record Release(String version, String commit) {

        public String shortCommit() {
            return commit.substring(0, 7);
        }

        @Override
        public String toString() {
            return version + " (" + shortCommit() + ")";
        }
    }

    public Releases {
        all = List.copyOf(all);
    }

    /** Reads and checks the file; a malformed line fails naming the file, the line and what it must look like. */
    public static Releases read(Path root) {
        Path file = root.resolve(FILE);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ", the list of releases", e);
        }
        List<Release> releases = new ArrayList<>();
        Set<String> versions = new HashSet<>();
        Set<String> commits = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            String where = file + ":" + (i + 1) + ": ";
            if (!m.matches()
                    || !VERSION.matcher(m.group(1)).matches()
                    || !COMMIT.matcher(m.group(2)).matches()) {
                throw new IllegalStateException(where + "'" + line + "' is not '<version> <full commit id>' (an image"
                        + " tag, then the 40 hex digits of git rev-parse <commit>)");
            }
            if (!versions.add(m.group(1)) || !commits.add(m.group(2))) {
                throw new IllegalStateException(
                        where + "'" + line + "' repeats a version or a commit of an earlier line");
            }
            releases.add(new Release(m.group(1), m.group(2)));
        }
        return new Releases(file, releases);
    }

    /** The release running in production: the last line. */
    public Release newest() {
        if (all.isEmpty()) {
            throw new IllegalStateException(file + " lists no release yet");
        }
        return all.get(all.size() - 1);
    }

    public Optional<Release> byCommit(String commit) {
        return all.stream().filter(r -> r.commit().equals(commit)).findFirst();
    }
}
