package io.quiesce.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Not Flyway's own scanner: under a class loader named {@code com.ibm...} Flyway 11.20 finds only locations that hold an
 * empty {@code flyway.location} marker, so a module's script without one would be skipped in Liberty but not in tests.
 */
public final class ClasspathMigrations implements ResourceProvider {

    public static final String FOLDER = "db/migration";

    static final String MARKER = "flyway.location";

    private final Map<String, Script> scripts;

    private ClasspathMigrations(Map<String, Script> scripts) {
        this.scripts = scripts;
    }

    public static ClasspathMigrations scan(ClassLoader loader, String folder) {
        Map<String, Script> found = new TreeMap<>();
        for (String location : locations(loader, folder)) {
            for (Script script : read(location, folder)) {
                Script previous = found.putIfAbsent(script.getFilename(), script);
                if (previous != null && !previous.text.equals(script.text)) {
                    throw new FlywayException("Two different migration scripts named " + script.getFilename() + ": "
                            + previous.getAbsolutePath() + " and " + script.getAbsolutePath());
                }
            }
        }
        return new ClasspathMigrations(found);
    }

    public List<String> names() {
        return List.copyOf(scripts.keySet());
    }

    @Override
    public LoadableResource getResource(String name) {
        return scripts.get(name.substring(name.lastIndexOf('/') + 1));
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        List<LoadableResource> matching = new ArrayList<>();
        for (Script script : scripts.values()) {
            String name = script.getFilename();
            if (name.startsWith(prefix) && Stream.of(suffixes).anyMatch(name::endsWith)) {
                matching.add(script);
            }
        }
        return matching;
    }

    /** Location URLs in external form: a protocol such as wsjar needs no registered URL handler to be listed or read. */
    private static Set<String> locations(ClassLoader loader, String folder) {
        Set<String> locations = new LinkedHashSet<>();
        try {
            Enumeration<URL> folders = loader.getResources(folder);
            while (folders.hasMoreElements()) {
                locations.add(trimSlash(folders.nextElement().toExternalForm()));
            }
            Enumeration<URL> markers = loader.getResources(folder + "/" + MARKER);
            while (markers.hasMoreElements()) {
                String marker = markers.nextElement().toExternalForm();
                locations.add(marker.substring(0, marker.length() - MARKER.length() - 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + " on the class path", e);
        }
        return locations;
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static List<Script> read(String location, String folder) {
        try {
            if (location.startsWith("file:")) {
                return readDirectory(Paths.get(new URI(location)), location);
            }
            return readJar(location, folder);
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            throw new FlywayException("Cannot read migrations at " + location + ": " + e.getMessage(), e);
        }
    }

    private static List<Script> readDirectory(Path dir, String location) throws IOException {
        List<Script> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (isScript(name)) {
                    found.add(new Script(name, location + "/" + name, Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        }
        return found;
    }

    /**
     * Opens the jar afresh, not through a {@link java.net.JarURLConnection}, whose cached jar the JVM shares: closing that
     * would break other readers. A jar nested in a WAR ({@code app.war!/WEB-INF/lib/b.jar!/...}) is streamed.
     */
    private static List<Script> readJar(String location, String folder) throws IOException, URISyntaxException {
        String[] parts = location.split("!/");
        // The folder's path inside the innermost archive: db/migration in a jar, WEB-INF/classes/db/migration in a WAR.
        String inner = parts.length >= 2 ? trimSlash(parts[parts.length - 1]) : folder;
        String prefix = inner + "/";
        Path archive = Paths.get(jarPath(location));
        if (Files.isDirectory(archive)) {
            // A loose (unpacked) module that the container still addresses like a jar.
            return readDirectory(archive.resolve(inner), location);
        }
        List<Script> found = new ArrayList<>();
        try (JarFile outer = new JarFile(archive.toFile())) {
            if (parts.length <= 2) {
                Enumeration<JarEntry> entries = outer.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String fileName = scriptName(entry, prefix);
                    if (fileName != null) {
                        try (InputStream in = outer.getInputStream(entry)) {
                            found.add(script(fileName, location, in));
                        }
                    }
                }
                return found;
            }
            JarEntry nested = outer.getJarEntry(parts[1]);
            if (nested == null) {
                return found;
            }
            try (JarInputStream in = new JarInputStream(outer.getInputStream(nested))) {
                JarInputStream current = in;
                for (int i = 2; i < parts.length - 1 && current != null; i++) {
                    current = nestedStream(current, parts[i]);
                }
                for (JarEntry entry = current == null ? null : current.getNextJarEntry();
                        entry != null;
                        entry = current.getNextJarEntry()) {
                    String fileName = scriptName(entry, prefix);
                    if (fileName != null) {
                        found.add(script(fileName, location, current));
                    }
                }
            }
        }
        return found;
    }

    private static JarInputStream nestedStream(JarInputStream in, String name) throws IOException {
        for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
            if (entry.getName().equals(name)) {
                return new JarInputStream(in);
            }
        }
        return null;
    }

    private static String scriptName(JarEntry entry, String prefix) {
        String name = entry.getName();
        if (entry.isDirectory() || !name.startsWith(prefix) || name.indexOf('/', prefix.length()) >= 0) {
            return null;
        }
        String fileName = name.substring(prefix.length());
        return isScript(fileName) ? fileName : null;
    }

    private static Script script(String fileName, String location, InputStream in) throws IOException {
        return new Script(fileName, location + "/" + fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The text between the last {@code file:} before the first {@code !/} and that {@code !/}, whatever protocols wrap it. */
    static String jarPath(String location) throws URISyntaxException {
        int bang = location.indexOf("!/");
        String head = bang >= 0 ? location.substring(0, bang) : location;
        int file = head.lastIndexOf("file:");
        if (file < 0) {
            throw new URISyntaxException(location, "no file: URL of a jar in this location");
        }
        String fileUrl = head.substring(file);
        try {
            return Paths.get(new URI(fileUrl)).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Some containers hand out file: URLs with unescaped spaces; decode them by hand.
            return URLDecoder.decode(fileUrl.substring("file:".length()), StandardCharsets.UTF_8);
        }
    }

    private static boolean isScript(String name) {
        return name.endsWith(".sql") && !name.equals(MARKER);
    }

    /** One script, its text read once so that Flyway's checksum and execution see the same bytes. */
    static final class Script extends LoadableResource {
        private final String fileName;
        private final String absolutePath;
        private final String text;

        Script(String fileName, String absolutePath, String text) {
            this.fileName = fileName;
            this.absolutePath = absolutePath;
            this.text = text;
        }

        @Override
        public Reader read() {
            return new StringReader(text);
        }

        @Override
        public String getAbsolutePath() {
            return absolutePath;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return absolutePath;
        }

        @Override
        public String getFilename() {
            return fileName;
        }

        /** Relative to the location, as Flyway's own scanner reports it, so the history table reads the same either way. */
        @Override
        public String getRelativePath() {
            return fileName;
        }
    }
}
