package io.quiesce.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The baseline server "plain" next to "quiesce": the same server.xml (so the same features), the baseline application. */
final class PlainServer {

    static final String NAME = "plain";

    private PlainServer() {}

    static void create(Path wlp, Path serverXml, Path plainClasses) throws IOException {
        Path server = wlp.resolve("usr/servers/" + NAME);
        Files.createDirectories(server.resolve("apps"));
        Files.copy(serverXml, server.resolve("server.xml"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(server.resolve("app.xml"), """
                <server>
                  <webApplication id="plain" location="plain.war" contextRoot="/"/>
                </server>
                """);
        Path classes = plainClasses.resolve("io/quiesce/bench/plain");
        try (OutputStream file = Files.newOutputStream(server.resolve("apps/plain.war"));
                ZipOutputStream war = new ZipOutputStream(file);
                Stream<Path> entries = Files.list(classes)) {
            for (Path entry : entries.toList()) {
                war.putNextEntry(new ZipEntry("WEB-INF/classes/"
                        + plainClasses.relativize(entry).toString().replace('\\', '/')));
                Files.copy(entry, war);
                war.closeEntry();
            }
        }
    }
}
