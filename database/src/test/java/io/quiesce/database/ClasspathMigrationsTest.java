package io.quiesce.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathMigrationsTest {

    private static final String V2 = "CREATE TABLE job_run (id varchar(64) PRIMARY KEY);\n";

    @TempDir
    Path dir;

    @Test
    void findsAModulesScriptsInItsClassesDirectory() throws IOException {
        ClasspathMigrations scripts = ClasspathMigrations.scan(FixtureScripts.loader(), ClasspathMigrations.FOLDER);

        assertThat(scripts.names()).containsExactly("V1__fixture_accounts.sql", "V4__fixture_account_codes.sql");
        LoadableResource v1 = scripts.getResource("db/migration/V1__fixture_accounts.sql");
        LoadableResource v4 = scripts.getResource("db/migration/V4__fixture_account_codes.sql");
        assertThat(v1.getRelativePath()).isEqualTo("V1__fixture_accounts.sql");
        assertThat(read(v1)).contains("CREATE TABLE fixture_account").contains("CREATE TABLE fixture_entry");
        assertThat(read(v4)).contains("ADD COLUMN code");
        assertThat(scripts.getResources("V", new String[] {".sql"})).containsExactly(v1, v4);
        assertThat(scripts.getResources("R", new String[] {".sql"})).isEmpty();
    }

    @Test
    void findsScriptsOfOtherModulesInTheirJars() throws IOException {
        Path jar = jar("jobs.jar", Map.of("db/migration/V2__job_runs.sql", V2));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, FixtureScripts.loader())) {
            ClasspathMigrations scripts = ClasspathMigrations.scan(loader, ClasspathMigrations.FOLDER);

            assertThat(scripts.names())
                    .containsExactly("V1__fixture_accounts.sql", "V2__job_runs.sql", "V4__fixture_account_codes.sql");
            assertThat(read(scripts.getResource("V2__job_runs.sql"))).isEqualTo(V2);
        }
    }

    @Test
    void readsLibertyWsjarLocationsWithoutAUrlHandler() throws IOException {
        Path jar = jar(
                "jobs.jar", Map.of("db/migration/V2__job_runs.sql", V2, "db/migration/nested/V9__ignored.sql", "x"));
        URL wsjar = foreign("wsjar:" + jar.toUri() + "!/db/migration/");

        ClasspathMigrations scripts =
                ClasspathMigrations.scan(loader(Map.of("db/migration", List.of(wsjar))), ClasspathMigrations.FOLDER);

        assertThat(scripts.names()).containsExactly("V2__job_runs.sql");
    }

    @Test
    void findsAFolderThroughItsFlywayLocationMarker() throws IOException {
        Path jar = jar("jobs.jar", Map.of("db/migration/V2__job_runs.sql", V2, "db/migration/flyway.location", ""));
        URL marker = foreign("wsjar:" + jar.toUri() + "!/db/migration/flyway.location");

        ClasspathMigrations scripts = ClasspathMigrations.scan(
                loader(Map.of("db/migration/flyway.location", List.of(marker))), ClasspathMigrations.FOLDER);

        assertThat(scripts.names()).containsExactly("V2__job_runs.sql");
    }

    @Test
    void readsAJarNestedInAnUnexpandedWar() throws IOException {
        byte[] lib = jarBytes(Map.of("db/migration/V3__nested.sql", "SELECT 1;"));
        Path war = dir.resolve("app.war");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(war))) {
            out.putNextEntry(new JarEntry("WEB-INF/lib/jobs.jar"));
            out.write(lib);
            out.closeEntry();
        }
        URL nested = foreign("wsjar:jar:" + war.toUri() + "!/WEB-INF/lib/jobs.jar!/db/migration");

        ClasspathMigrations scripts =
                ClasspathMigrations.scan(loader(Map.of("db/migration", List.of(nested))), ClasspathMigrations.FOLDER);

        assertThat(scripts.names()).containsExactly("V3__nested.sql");
    }

    @Test
    void readsTheClassesFolderOfAWar() throws IOException {
        Path war = jar(
                "app.war",
                Map.of(
                        "WEB-INF/classes/db/migration/V4__app.sql",
                        "SELECT 4;",
                        "db/migration/V5__not_on_the_class_path.sql",
                        "SELECT 5;"));
        URL classes = foreign("wsjar:" + war.toUri() + "!/WEB-INF/classes/db/migration/");

        ClasspathMigrations scripts =
                ClasspathMigrations.scan(loader(Map.of("db/migration", List.of(classes))), ClasspathMigrations.FOLDER);

        assertThat(scripts.names()).containsExactly("V4__app.sql");
    }

    @Test
    void readsAnUnpackedModuleAddressedLikeAJar() throws IOException {
        Path classes = dir.resolve("jobs/target/classes");
        Files.createDirectories(classes.resolve("db/migration"));
        Files.writeString(classes.resolve("db/migration/V2__job_runs.sql"), V2);
        URL loose = foreign("wsjar:" + classes.toUri() + "!/db/migration");

        ClasspathMigrations scripts =
                ClasspathMigrations.scan(loader(Map.of("db/migration", List.of(loose))), ClasspathMigrations.FOLDER);

        assertThat(scripts.names()).containsExactly("V2__job_runs.sql");
    }

    @Test
    void twoDifferentScriptsWithOneNameAreAnError() throws IOException {
        Path a = jar("a.jar", Map.of("db/migration/V2__x.sql", "SELECT 1;"));
        Path b = jar("b.jar", Map.of("db/migration/V2__x.sql", "SELECT 2;"));
        ClassLoader loader = loader(Map.of(
                "db/migration",
                List.of(
                        foreign("jar:" + a.toUri() + "!/db/migration"),
                        foreign("jar:" + b.toUri() + "!/db/migration"))));

        assertThatThrownBy(() -> ClasspathMigrations.scan(loader, ClasspathMigrations.FOLDER))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("V2__x.sql");
    }

    @Test
    void jarPathUnwrapsProtocolsAndDecodesTheFileUrl() throws Exception {
        assertThat(ClasspathMigrations.jarPath("wsjar:file:/srv/my%20app/lib/a.jar!/db/migration"))
                .isEqualTo("/srv/my app/lib/a.jar");
        assertThat(ClasspathMigrations.jarPath("jar:file:/srv/app.war!/WEB-INF/lib/a.jar!/db/migration"))
                .isEqualTo("/srv/app.war");
    }

    /** A URL of a protocol this JVM has no handler for, as Liberty's {@code wsjar:} is outside Liberty. */
    private static URL foreign(String spec) throws IOException {
        return new URL(null, spec, new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) throws IOException {
                throw new IOException("no handler for " + u.getProtocol() + " outside Liberty");
            }
        });
    }

    /** A loader that answers {@code getResources} from the map only, as an application server's loader would. */
    private static ClassLoader loader(Map<String, List<URL>> resources) {
        return new ClassLoader(null) {
            @Override
            public Enumeration<URL> getResources(String name) {
                return Collections.enumeration(resources.getOrDefault(name, List.of()));
            }
        };
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        Files.write(jar, jarBytes(entries));
        return jar;
    }

    private static byte[] jarBytes(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            out.putNextEntry(new JarEntry("db/"));
            out.closeEntry();
            out.putNextEntry(new JarEntry("db/migration/"));
            out.closeEntry();
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                write(out, e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(LoadableResource resource) throws IOException {
        try (Reader reader = resource.read()) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[4096];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        }
    }
}
