package io.quiesce.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a tool the way a shell would (the PATH), then in the sbin directories a non-root PATH often lacks. */
public final class Executables {

    private Executables() {}

    /** {@code name} as given when it is a path, else the first executable of that name on the PATH or in sbin. */
    public static Optional<Path> find(String name) {
        if (name.contains("/")) {
            return Optional.of(Path.of(name)).filter(Files::isExecutable);
        }
        return Stream.concat(
                        Stream.of(Optional.ofNullable(System.getenv("PATH"))
                                        .orElse("")
                                        .split(File.pathSeparator))
                                .filter(dir -> !dir.isEmpty()),
                        Stream.of("/usr/sbin", "/sbin"))
                .map(dir -> Path.of(dir, name))
                .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
                .findFirst();
    }
}
