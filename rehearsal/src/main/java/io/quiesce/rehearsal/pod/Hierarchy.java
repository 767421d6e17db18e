package io.quiesce.rehearsal.pod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One cgroup version's files: a parent group per rehearsal with one child group per pod. */
interface Hierarchy {

    /** "v1" or "v2". */
    String version();

    /** Creates the pod's group with its limits; returns the {@code cgroup.procs} files a process joins it by. */
    List<Path> create(String pod) throws IOException;

    CgroupUsage usage(String pod);

    /** Removes the pods' groups, then the parent; their processes must have exited. Fails on a group still busy. */
    void remove(List<String> pods) throws IOException;

    static void write(Path file, Object value) throws IOException {
        Files.writeString(file, value.toString());
    }

    static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code key value} line of a flat-keyed file such as {@code cpu.stat}; 0 when the kernel has no such key. */
    static long field(Path file, String key) {
        return read(file)
                .lines()
                .map(line -> line.split(" "))
                .filter(parts -> parts.length == 2 && parts[0].equals(key))
                .mapToLong(parts -> Long.parseLong(parts[1]))
                .findFirst()
                .orElse(0);
    }

    /** A directory the kernel filled with files: {@code rmdir} removes it, empty or not to the eye. */
    static void rmdir(Path group) throws IOException {
        Files.deleteIfExists(group);
    }
}
