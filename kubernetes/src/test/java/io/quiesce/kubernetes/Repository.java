package io.quiesce.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Paths of the repository under test. Surefire runs in the module directory and sets {@code basedir} to it. */
public final class Repository {

    private Repository() {}

    public static Path module() {
        Path module =
                Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(module.resolve("overlays/deployment/kustomization.yaml"))) {
            throw new IllegalStateException("run from the kubernetes module: " + module);
        }
        return module;
    }

    public static Path root() {
        return module().getParent();
    }

    public static Path brokenFixtures(String kind) {
        return module().resolve("src/test/resources/broken").resolve(kind);
    }

    /** The real overlays by name, as the checks report them. */
    public static Map<String, Path> overlays() {
        Map<String, Path> overlays = new LinkedHashMap<>();
        overlays.put("deployment", module().resolve("overlays/deployment"));
        overlays.put("operator", module().resolve("overlays/operator"));
        return overlays;
    }
}
