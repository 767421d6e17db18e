package io.quiesce.kubernetes.manifest;

/** A manifest that does not fit its typed model: unknown field, wrong type, or a kind the checks cannot verify. */
public final class ManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }
}
