package io.quiesce.kubernetes.kustomize;

/** kustomize refused to build a kustomization; the message holds its error output. */
public final class KustomizeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KustomizeException(String message) {
        super(message);
    }
}
