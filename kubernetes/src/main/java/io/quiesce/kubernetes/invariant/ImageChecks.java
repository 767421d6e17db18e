package io.quiesce.kubernetes.invariant;

import io.quiesce.kubernetes.container.ImageReference;
import io.quiesce.kubernetes.pod.PodView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every pod runs one pinned release of the image: an explicit version tag (never latest or a SNAPSHOT, which can
 * change under a running Deployment and make a rollout mix versions), and the same reference in every overlay.
 */
final class ImageChecks {

    static final String IMAGE = "image";
    static final String IMAGE_CONSISTENCY = "image-consistency";

    private ImageChecks() {}

    static List<Violation> check(PodView pod) {
        List<Violation> violations = new ArrayList<>();
        for (String image : pod.images()) {
            ImageReference.parse(image)
                    .notPinnedBecause()
                    .ifPresent(reason -> violations.add(new Violation(IMAGE, pod.source(), image + " " + reason)));
        }
        return violations;
    }

    static List<Violation> consistency(Map<String, List<String>> imagesByOverlay) {
        TreeSet<String> distinct = new TreeSet<>();
        imagesByOverlay.values().forEach(distinct::addAll);
        if (distinct.size() <= 1) {
            return List.of();
        }
        Map<String, List<String>> sorted = new TreeMap<>(imagesByOverlay);
        return List.of(new Violation(IMAGE_CONSISTENCY, "overlays", "the overlays run different images: " + sorted));
    }
}
