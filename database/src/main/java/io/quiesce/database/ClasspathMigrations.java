package io.quiesce.database;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

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

/**
 * Finds the SQL migrations under one classpath folder in every jar and directory of a class loader, whatever the URL
 * protocol of that location, and hands them to Flyway as a {@link ResourceProvider}.
 *
 * <p>Why not Flyway's own scanner: Flyway 11.20 does read {@code wsjar:} URLs (Liberty's nested jars), but when the class
 * loader's class name starts with {@code com.ibm} (Liberty's application loaders do) it only looks for locations that
 * contain an empty {@code flyway.location} marker file, so a module that adds a {@code V2__...} script in its own jar without
 * the marker would be silently skipped in Liberty and not in tests. This provider lists every location that
 * {@code getResources(folder)} returns (directory URLs) plus every folder holding a {@code flyway.location} marker, reads
 * {@code file:} locations as directories and anything else ({@code jar:}, {@code wsjar:}, {@code zip:}, ...) as the jar file
 * named before {@code !/}, and loads each script's text once, at construction.
 */
public final class ClasspathMigrations implements ResourceProvider {

    /** The folder every module puts its scripts in. */
    public static final String FOLDER = "db/migration";

    static final String MARKER = "flyway.location";

    private final Map<String, Script> scripts;

    private ClasspathMigrations(Map<String, Script> scripts) {
        this.scripts = scripts;
    }

    /**
     * Scans {@code folder} in every location of {@code loader}.
     *
     * @throws FlywayException when two locations hold different scripts under the same file name
     */
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

    /** The file names found, in name order; for logs and tests. */
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
     * Reads a location inside a jar. {@code a.jar!/db/migration} is read with {@link JarFile}; a jar nested in an archive
     * ({@code app.war!/WEB-INF/lib/b.jar!/db/migration}, as a container may hand out for an unexpanded WAR) is streamed.
     * The jar is opened afresh rather than through a {@link java.net.JarURLConnection}, whose jar may be cached and shared
     * by the JVM: closing that one would break other readers.
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
                for (JarEntry entry = current == null ? null : current.getNextJarEntry(); entry != null;
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

    /** The script's file name when the entry is a script directly in the folder, else null. */
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

    /**
     * The file-system path of the jar in a location URL such as {@code wsjar:file:/a/b.jar!/db/migration}: the text between
     * the last {@code file:} before the first {@code !/} and that {@code !/}, whatever protocols wrap it.
     */
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
