package io.quiesce.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Migrations are numbered across modules (Flyway applies every module's {@code db/migration} as one history) and applied
 * scripts are never renamed: docs/database.md lists each one with the module that owns it and names the next number, and
 * this test keeps the page and the scripts in step.
 */
class MigrationsTest {

    private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");
    private static final Pattern LISTED =
            Pattern.compile("^\\| `(V\\d+__[a-z0-9_]+\\.sql)` \\| `([a-z]+)/` \\|", Pattern.MULTILINE);
    private static final Pattern NEXT = Pattern.compile("The next migration is\\s+`V(\\d+)__");

    record Script(String name, String module, int version) {}

    @Test
    void everyModulesScriptsHaveUniqueVersionsAndTheDatabasePageListsThemAndTheNextNumber() throws Exception {
        List<Script> scripts = scripts();
        String page = Files.readString(Modules.root().resolve("docs/database.md"));

        assertThat(scripts).as("scripts on the class path").isNotEmpty();
        assertThat(scripts)
                .as("one version per script across all modules")
                .extracting(Script::version)
                .doesNotHaveDuplicates();
        List<String> listed = new ArrayList<>();
        Matcher m = LISTED.matcher(page);
        while (m.find()) {
            listed.add(m.group(1) + " in " + m.group(2));
        }
        assertThat(listed)
                .as("docs/database.md's table of migrations (script, module)")
                .containsExactlyInAnyOrderElementsOf(scripts.stream()
                        .map(s -> s.name() + " in " + s.module())
                        .toList());
        int highest = scripts.stream().mapToInt(Script::version).max().orElseThrow();
        Matcher next = NEXT.matcher(page);
        assertThat(next.find()).as("docs/database.md names the next migration").isTrue();
        assertThat(Integer.parseInt(next.group(1)))
                .as("the next migration's number")
                .isEqualTo(highest + 1);
    }

    /** Every {@code db/migration/*.sql} on the class path and the module (jar or classes directory) it comes from. */
    private static List<Script> scripts() throws IOException, URISyntaxException {
        List<Script> scripts = new ArrayList<>();
        for (URL folder : Collections.list(MigrationsTest.class.getClassLoader().getResources("db/migration"))) {
            String location = folder.toExternalForm();
            List<String> names = new ArrayList<>();
            String module;
            if (location.startsWith("jar:")) {
                Path jar = Path.of(new URI(location.substring(4, location.indexOf("!/"))));
                module = moduleOfJar(jar.getFileName().toString());
                try (JarFile file = new JarFile(jar.toFile())) {
                    file.stream()
                            .map(e -> e.getName())
                            .filter(n -> n.startsWith("db/migration/") && n.endsWith(".sql"))
                            .forEach(n -> names.add(n.substring("db/migration/".length())));
                }
            } else {
                Path dir = Path.of(folder.toURI());
                module = dir.getParent()
                        .getParent()
                        .getParent()
                        .getParent()
                        .getFileName()
                        .toString();
                try (Stream<Path> files = Files.list(dir)) {
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".sql"))
                            .forEach(names::add);
                }
            }
            for (String name : names) {
                Matcher m = SCRIPT.matcher(name);
                assertThat(m.matches())
                        .as(module + "'s " + name + " is named V<number>__<lower_case_words>.sql")
                        .isTrue();
                scripts.add(new Script(name, module, Integer.parseInt(m.group(1))));
            }
        }
        return scripts;
    }

    /** {@code quiesce-jobs-0.1.0-SNAPSHOT.jar} -> {@code jobs}. */
    private static String moduleOfJar(String fileName) {
        Matcher m = Pattern.compile("quiesce-([a-z]+)-").matcher(fileName);
        assertThat(m.find()).as("a module's jar: " + fileName).isTrue();
        return m.group(1);
    }
}
