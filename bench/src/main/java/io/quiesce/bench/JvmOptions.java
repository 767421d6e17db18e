package io.quiesce.bench;

import io.quiesce.kubernetes.container.Containerfile;

import java.nio.file.Path;
import java.util.Map;

/**
 * The JVM options a benchmark run starts servers with: the JVM's defaults on this machine, or what the image runs in a
 * pod ({@code JDK_JAVA_OPTIONS} from the Containerfile, with the pod's memory limit and CPU count made explicit so that the
 * JVM sizes itself as it would in the container).
 *
 * @param name    short label for the report
 * @param options the value of {@code JDK_JAVA_OPTIONS}, empty for the defaults
 */
record JvmOptions(String name, String options) {

    static JvmOptions defaults() {
        return new JvmOptions("defaults", "");
    }

    static JvmOptions image(Path containerfile, String podMemory, int podCpus) {
        String image = Containerfile.read(containerfile).finalStage().environment().getOrDefault("JDK_JAVA_OPTIONS", "");
        return new JvmOptions("image", ("-XX:MaxRAM=" + podMemory + " -XX:ActiveProcessorCount=" + podCpus + " " + image).trim());
    }

    Map<String, String> env() {
        return options.isEmpty() ? Map.of() : Map.of("JDK_JAVA_OPTIONS", options);
    }
}
