package io.quiesce.kubernetes.container;

import io.quiesce.kubernetes.app.ServerXml;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the image puts Liberty: the server's configuration directory and every directory Liberty writes to at run
 * time, each of which needs a writable volume under a read-only root filesystem.
 */
public record ImageLayout(Optional<String> serverConfigDirectory, List<String> writablePaths) {

    public static final String SERVER_XML_SOURCE = "liberty/server.xml";

    public static ImageLayout of(Containerfile containerfile, ServerXml server) {
        Containerfile.Stage image = containerfile.finalStage();
        Optional<String> configDirectory = serverConfigDirectory(image);
        List<String> writable = new ArrayList<>();
        writable.add("/tmp");
        var environment = image.environment();
        // Without WLP_OUTPUT_DIR Liberty writes its output (workarea, logs) below usr/servers, next to server.xml.
        String defaultOutput = configDirectory
                .map(directory -> directory.substring(0, directory.lastIndexOf('/')))
                .orElse(null);
        Optional<String> outputRoot = Optional.ofNullable(environment.getOrDefault("WLP_OUTPUT_DIR", defaultOutput));
        outputRoot.ifPresent(writable::add);
        Optional.ofNullable(environment.get("LOG_DIR")).ifPresent(writable::add);
        if (server.autoExpand()) {
            expandDirectory(server.expandLocation(), configDirectory, outputRoot)
                    .filter(directory ->
                            writable.stream().noneMatch(w -> directory.equals(w) || directory.startsWith(w + "/")))
                    .ifPresent(writable::add);
        }
        return new ImageLayout(configDirectory, List.copyOf(writable));
    }

    static Optional<String> expandDirectory(
            String location, Optional<String> configDirectory, Optional<String> outputRoot) {
        if (configDirectory.isEmpty()) {
            return Optional.empty();
        }
        String config = configDirectory.get();
        String serverName = config.substring(config.lastIndexOf('/') + 1);
        String output = outputRoot.map(root -> root + "/" + serverName).orElse(config);
        String resolved = location.replace("${server.config.dir}", config).replace("${server.output.dir}", output);
        return Optional.of(resolved.endsWith("/") ? resolved.substring(0, resolved.length() - 1) : resolved);
    }

    public static Optional<String> serverConfigDirectory(Containerfile.Stage image) {
        for (Containerfile.Instruction copy : image.all("COPY")) {
            List<String> words = copyWords(copy);
            if (words.size() >= 2 && words.subList(0, words.size() - 1).contains(SERVER_XML_SOURCE)) {
                String destination = words.get(words.size() - 1);
                return Optional.of(
                        destination.endsWith("/")
                                ? destination.substring(0, destination.length() - 1)
                                : destination.substring(0, Math.max(destination.lastIndexOf('/'), 0)));
            }
        }
        return Optional.empty();
    }

    /** Sources and destination of a COPY from the build context (flags dropped; COPY --from is not from the context). */
    public static List<String> copyWords(Containerfile.Instruction copy) {
        List<String> words = new ArrayList<>(List.of(copy.arguments().split("\\s+")));
        if (words.stream().anyMatch(word -> word.startsWith("--from="))) {
            return List.of();
        }
        words.removeIf(word -> word.startsWith("--"));
        return words;
    }
}
