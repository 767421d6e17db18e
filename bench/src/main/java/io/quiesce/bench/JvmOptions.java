package io.quiesce.bench;

import io.quiesce.kubernetes.container.Containerfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * The JVM's defaults, or the image's {@code JDK_JAVA_OPTIONS} with the pod's memory limit and CPU count made explicit,
 * so that the JVM sizes itself as it would in the container.
 */
record JvmOptions(String name, String options) {

    static JvmOptions defaults() {
        return new JvmOptions("defaults", "");
    }

    static JvmOptions image(Path containerfile, String podMemory, int podCpus) {
        String image =
                Containerfile.read(containerfile).finalStage().environment().getOrDefault("JDK_JAVA_OPTIONS", "");
        return new JvmOptions(
                "image", ("-XX:MaxRAM=" + podMemory + " -XX:ActiveProcessorCount=" + podCpus + " " + image).trim());
    }

    Map<String, String> env() {
        return options.isEmpty() ? Map.of() : Map.of("JDK_JAVA_OPTIONS", options);
    }
}
