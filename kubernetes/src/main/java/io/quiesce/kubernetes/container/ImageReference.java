package io.quiesce.kubernetes.container;

import java.util.Locale;
import java.util.Optional;

/**
 * An image reference split the way container runtimes read it: {@code [registry/]repository[:tag][@digest]}. A colon
 * belongs to the tag only after the last slash (a registry may carry a port).
 */
public record ImageReference(String repository, Optional<String> tag, Optional<String> digest) {

    public static ImageReference parse(String reference) {
        String rest = reference.trim();
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            return new ImageReference(rest.substring(0, colon), Optional.of(rest.substring(colon + 1)), digest);
        }
        return new ImageReference(rest, Optional.empty(), digest);
    }

    /**
     * Why this is not a pinned release (an explicit tag or digest, neither latest nor a SNAPSHOT, which can change
     * under a running Deployment), or empty when it is.
     */
    public Optional<String> notPinnedBecause() {
        String upper = tag.orElse("").toUpperCase(Locale.ROOT);
        if (tag.isEmpty() && digest.isEmpty()) {
            return Optional.of("has no tag (it means latest)");
        }
        if (upper.equals("LATEST")) {
            return Optional.of("uses the tag latest");
        }
        if (upper.contains("SNAPSHOT")) {
            return Optional.of("uses a SNAPSHOT tag");
        }
        if (tag.isPresent() && !tag.get().matches(".*\\d.*")) {
            return Optional.of("uses the tag " + tag.get() + ", which is not a version");
        }
        return Optional.empty();
    }
}
