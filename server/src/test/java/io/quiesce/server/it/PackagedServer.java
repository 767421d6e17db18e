package io.quiesce.server.it;

import io.quiesce.testkit.LibertyServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Starts the packaged {@code quiesce} server (the one the image runs) as its own process with its own output directory. */
final class PackagedServer {

    private PackagedServer() {
    }

    static LibertyServer start(String instance, Map<String, String> env) throws IOException {
        return LibertyServer.start(Path.of(System.getProperty("quiesce.it.wlp.home")),
                System.getProperty("quiesce.it.server.name"),
                Path.of(System.getProperty("quiesce.it.output.dir")).resolve(instance), env);
    }
}
