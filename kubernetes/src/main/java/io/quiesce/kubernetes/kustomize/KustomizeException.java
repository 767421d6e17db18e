package io.quiesce.kubernetes.kustomize;

/** A kustomization this renderer cannot build the way kustomize would: it fails instead of guessing. */
public final class KustomizeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KustomizeException(String message) {
        super(message);
    }

    public KustomizeException(String message, Throwable cause) {
        super(message, cause);
    }
}
