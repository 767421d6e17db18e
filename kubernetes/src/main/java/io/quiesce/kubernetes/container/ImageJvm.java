package io.quiesce.kubernetes.container;

import java.nio.file.Path;

/**
 * The image's JVM options ({@code JDK_JAVA_OPTIONS} of the Containerfile's final stage), for a JVM run outside the
 * container as the pod would run it.
 */
public record ImageJvm(String options) {

    public static final String VARIABLE = "JDK_JAVA_OPTIONS";

    public static ImageJvm of(Path containerfile) {
        return new ImageJvm(
                Containerfile.read(containerfile).finalStage().environment().getOrDefault(VARIABLE, ""));
    }

    /**
     * The options with the pod's memory limit and CPU count made explicit, for a JVM that runs outside the pod's cgroup
     * and would otherwise size its heap and thread pools from the whole machine.
     *
     * @param maxRam a {@code -XX:MaxRAM} value ({@code 768m}, bytes); empty: no memory limit
     * @param cpus   0: no CPU limit
     */
    public String sizedFor(String maxRam, int cpus) {
        StringBuilder sized = new StringBuilder();
        if (!maxRam.isEmpty()) {
            sized.append("-XX:MaxRAM=").append(maxRam).append(' ');
        }
        if (cpus > 0) {
            sized.append("-XX:ActiveProcessorCount=").append(cpus).append(' ');
        }
        return sized.append(options).toString().trim();
    }
}
