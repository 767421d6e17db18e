package io.quiesce.server.it;

import io.quiesce.testkit.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * A copy of the packaged server (same server.xml, libraries and options) whose WAR also carries test-only classes, for
 * process-level tests of what only an application's own code can trigger; optionally with a configuration override.
 */
final class ServerCopy {

    private static final Set<String> SKIPPED = Set.of("logs", "workarea", "apps/expanded");

    private ServerCopy() {}

    /** @return the copy's server name */
    static String create(String name, String overrideXml, Class<?>... testClasses) throws IOException {
        Path servers = Path.of(System.getProperty("quiesce.it.wlp.home"), "usr", "servers");
        Path source = servers.resolve(System.getProperty("quiesce.it.server.name"));
        Path target = servers.resolve(name);
        Directories.deleteRecursively(target);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path relative = source.relativize(file);
                if (SKIPPED.stream().anyMatch(skip -> relative.startsWith(skip))) {
                    continue;
                }
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target.resolve(relative));
                } else {
                    Files.copy(file, target.resolve(relative), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Deployments.quiesce(name)
                .addClasses(testClasses)
                .as(ZipExporter.class)
                .exportTo(target.resolve("apps/quiesce.war").toFile(), true);
        if (overrideXml != null) {
            Path overrides = Files.createDirectories(target.resolve("configDropins/overrides"));
            Files.writeString(overrides.resolve(name + ".xml"), overrideXml);
        }
        return name;
    }
}
