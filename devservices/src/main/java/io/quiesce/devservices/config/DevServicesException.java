package io.quiesce.devservices.config;

/** Its message is the one line the launcher prints before it exits non-zero, so it says what is wrong and what to do. */
public class DevServicesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DevServicesException(String message) {
        super(message);
    }

    public DevServicesException(String message, Throwable cause) {
        super(message, cause);
    }
}
