package io.quiesce.kubernetes.invariant;

/** One broken invariant: which one (a stable id the broken fixtures name), where, and why in numbers. */
public record Violation(String invariant, String source, String message) {

    @Override
    public String toString() {
        return "[" + invariant + "] " + source + ": " + message;
    }
}
