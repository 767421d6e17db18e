package io.quiesce.server.it;

import io.quiesce.testkit.LibertyServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged servers one test starts; closing it kills whichever of them still run, so none outlives its test. */
final class Fleet implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final List<LibertyServer> servers = new ArrayList<>();

    LibertyServer start(String name, Map<String, String> env) throws IOException {
        LibertyServer server = PackagedServer.start(name, env);
        servers.add(server);
        return server;
    }

    static LibertyServer awaitReady(LibertyServer server) {
        return server.awaitReady(START_TIMEOUT);
    }

    @Override
    public void close() throws InterruptedException {
        for (LibertyServer server : servers) {
            server.close();
        }
    }
}
