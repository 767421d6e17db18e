package io.quiesce.kubernetes.app;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The app's configuration defaults as MicroProfile Config sees them without the environment: every module's
 * {@value #FILE}, the higher {@code config_ordinal} winning. Read from the sources so the checks never hard-code a
 * default, and a module added later is counted with its {@code quiesce.<feature>.shutdown-budget}.
 */
public final class ConfigDefaults {

    static final String FILE = "src/main/resources/META-INF/microprofile-config.properties";
    private static final String ORDINAL = "config_ordinal";
    private static final int DEFAULT_ORDINAL = 100;
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", ".mvn");

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, Integer> ordinals = new HashMap<>();
    private final Map<String, String> origins = new HashMap<>();

    private ConfigDefaults() {}

    /** Discovers every module's defaults below {@code repositoryRoot} (modules may nest a few levels deep). */
    public static ConfigDefaults discover(Path repositoryRoot) {
        ConfigDefaults defaults = new ConfigDefaults();
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(repositoryRoot, Set.of(), 8, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    boolean skip = SKIPPED_DIRECTORIES.contains(String.valueOf(directory.getFileName()))
                            || directory.equals(repositoryRoot.resolve("kubernetes/src/test"));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (file.endsWith(FILE)
                            && repositoryRoot.relativize(file).getNameCount()
                                    > Path.of(FILE).getNameCount()) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.stream()
                .sorted()
                .forEach(file ->
                        defaults.add(load(file), repositoryRoot.relativize(file).toString()));
        return defaults;
    }

    /** These defaults plus one more source, as if another module shipped it. */
    public ConfigDefaults with(Properties source, String origin) {
        ConfigDefaults copy = new ConfigDefaults();
        copy.values.putAll(values);
        copy.ordinals.putAll(ordinals);
        copy.origins.putAll(origins);
        copy.add(source, origin);
        return copy;
    }

    public String value(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("no default for " + key + " in any module's " + FILE);
        }
        return value;
    }

    public Set<String> shutdownBudgetKeys() {
        Set<String> keys = new TreeSet<>();
        values.keySet().stream().filter(key -> key.endsWith(".shutdown-budget")).forEach(keys::add);
        return keys;
    }

    public Set<String> keys() {
        return Set.copyOf(values.keySet());
    }

    private void add(Properties source, String origin) {
        int ordinal = Integer.parseInt(
                source.getProperty(ORDINAL, String.valueOf(DEFAULT_ORDINAL)).trim());
        for (String key : source.stringPropertyNames()) {
            if (key.equals(ORDINAL)) {
                continue;
            }
            String value = source.getProperty(key);
            Integer existing = ordinals.get(key);
            if (existing != null && existing == ordinal && !values.get(key).equals(value)) {
                throw new IllegalStateException(
                        key + " has different defaults at the same ordinal in " + origins.get(key) + " and " + origin);
            }
            if (existing == null || ordinal > existing) {
                values.put(key, value);
                ordinals.put(key, ordinal);
                origins.put(key, origin);
            }
        }
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
