package io.quiesce.kubernetes.kustomize;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quiesce.kubernetes.manifest.StrictYaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kustomize build} for the features the manifests of this project use: {@code resources} (files and
 * directories holding a kustomization) and {@code patches} given by {@code path} (strategic merge, target named by the
 * patch itself). Anything else in a kustomization fails the build, so the invariant checks never run on output that
 * real kustomize would render differently. Faithfulness is checked against {@code kubectl kustomize} where it is
 * installed (KustomizeCrossCheckTest).
 *
 * <p>Like kustomize's default load restrictor, files (resources and patches) must lie inside the kustomization's own
 * directory; directories (bases) may lie anywhere.
 */
public final class KustomizeBuild {

    private static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private final Deque<Path> building = new ArrayDeque<>();

    private KustomizeBuild() {
    }

    /** The rendered resources, in accumulation order. */
    public static List<ObjectNode> build(Path directory) {
        return List.copyOf(new KustomizeBuild().render(realPath(directory)).values());
    }

    private Map<ResourceId, ObjectNode> render(Path root) {
        if (building.contains(root)) {
            throw new KustomizeException("cycle in kustomization resources: " + building + " -> " + root);
        }
        building.push(root);
        try {
            Kustomization kustomization = read(root);
            Map<ResourceId, ObjectNode> resources = new LinkedHashMap<>();
            for (String entry : kustomization.resources()) {
                accumulate(resources, load(root, entry));
            }
            for (Kustomization.Patch patch : kustomization.patches()) {
                applyPatch(resources, root, patch);
            }
            return resources;
        } finally {
            building.pop();
        }
    }

    private List<ObjectNode> load(Path root, String entry) {
        if (entry.contains("://") || entry.startsWith("git@")) {
            throw new KustomizeException(root + ": remote resource " + entry + " is not supported");
        }
        Path path = realPath(root.resolve(entry));
        if (Files.isDirectory(path)) {
            return new ArrayList<>(render(path).values());
        }
        return StrictYaml.readDocuments(insideRoot(root, path, entry));
    }

    private static void accumulate(Map<ResourceId, ObjectNode> resources, List<ObjectNode> loaded) {
        for (ObjectNode resource : loaded) {
            ResourceId id = ResourceId.of(resource);
            if (resources.putIfAbsent(id, resource) != null) {
                throw new KustomizeException("may not add resource with an already registered id: " + id);
            }
        }
    }

    private static void applyPatch(Map<ResourceId, ObjectNode> resources, Path root, Kustomization.Patch patch) {
        if (patch.path() == null) {
            throw new KustomizeException(root + ": a patches entry without path (inline patches are not supported)");
        }
        ObjectNode document = StrictYaml.readSingleDocument(insideRoot(root, realPath(root.resolve(patch.path())), patch.path()));
        ResourceId target = ResourceId.of(document);
        ObjectNode original = resources.get(target);
        if (original == null) {
            throw new KustomizeException(root + ": no resource matches strategic merge patch " + target);
        }
        resources.put(target, StrategicMerge.apply(original, document));
    }

    private static Kustomization read(Path root) {
        List<Path> files = FILE_NAMES.stream().map(root::resolve).filter(Files::isRegularFile).toList();
        if (files.size() != 1) {
            throw new KustomizeException(root + ": expected exactly one of " + FILE_NAMES + ", found " + files.size());
        }
        Kustomization kustomization;
        try {
            kustomization = StrictYaml.mapper().treeToValue(StrictYaml.readSingleDocument(files.get(0)), Kustomization.class);
        } catch (UnrecognizedPropertyException e) {
            throw new KustomizeException(files.get(0) + ": unsupported kustomization key '" + e.getPropertyName()
                    + "' (supported: " + Kustomization.SUPPORTED_KEYS + ")", e);
        } catch (IOException e) {
            throw new KustomizeException(files.get(0) + ": " + e.getMessage(), e);
        }
        if (kustomization.apiVersion() != null && !Kustomization.API_VERSION.equals(kustomization.apiVersion())
                || kustomization.kind() != null && !Kustomization.KIND.equals(kustomization.kind())) {
            throw new KustomizeException(files.get(0) + ": only " + Kustomization.API_VERSION + " " + Kustomization.KIND
                    + " is supported");
        }
        return kustomization;
    }

    private static Path insideRoot(Path root, Path file, String entry) {
        if (!file.startsWith(root)) {
            throw new KustomizeException(root + ": security; file '" + entry + "' is not in or below the kustomization root");
        }
        if (!Files.isRegularFile(file)) {
            throw new KustomizeException(root + ": " + entry + " is neither a file nor a directory");
        }
        return file;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new KustomizeException("cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }
}
