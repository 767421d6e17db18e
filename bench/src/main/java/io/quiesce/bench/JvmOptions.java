package io.quiesce.bench;

import io.quiesce.kubernetes.container.ImageJvm;
import java.nio.file.Path;
import java.util.Map;

/** The JVM's defaults, or the image's options sized for the pod ({@link ImageJvm#sizedFor}). */
record JvmOptions(String name, String options) {

    static JvmOptions defaults() {
        return new JvmOptions("defaults", "");
    }

    static JvmOptions image(Path containerfile, String podMemory, int podCpus) {
        return new JvmOptions("image", ImageJvm.of(containerfile).sizedFor(podMemory, podCpus));
    }

    Map<String, String> env() {
        return options.isEmpty() ? Map.of() : Map.of(ImageJvm.VARIABLE, options);
    }
}
