package io.quiesce.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The modules as their poms declare them: every module listed in the parent pom, and the packages each one lets other
 * modules use ({@code <quiesce.exports>}: package names, a trailing {@code ..} for a package and its subpackages).
 */
record Modules(Map<String, List<String>> exports) {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern EXPORTS =
            Pattern.compile("<quiesce\\.exports\\s*/>|<quiesce\\.exports>([^<]*)</quiesce\\.exports>");

    /** The repository's root: the test runs in {@code architecture/}. */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("architecture/pom.xml")) ? here : here.getParent();
    }

    /** @throws IllegalStateException a module without a {@code quiesce.exports} declaration */
    static Modules read(Path root) {
        Map<String, List<String>> exports = new TreeMap<>();
        for (String module : all(text(root.resolve("pom.xml")))) {
            String pom = text(root.resolve(module).resolve("pom.xml"));
            Matcher m = EXPORTS.matcher(pom);
            if (!m.find()) {
                throw new IllegalStateException(module + "/pom.xml declares no <quiesce.exports> (the packages other "
                        + "modules may use; <quiesce.exports/> for none)");
            }
            String list = m.group(1) == null ? "" : m.group(1).trim();
            exports.put(
                    module,
                    list.isEmpty()
                            ? List.of()
                            : Arrays.stream(list.split("[\\s,]+")).toList());
        }
        return new Modules(exports);
    }

    private static List<String> all(String parentPom) {
        Matcher m = MODULE.matcher(parentPom);
        List<String> modules = new java.util.ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
