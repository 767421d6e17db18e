package io.quiesce.workflow.report;

/** Runs in a {@code report} activity before it does anything, to hold one in flight; labels as in {@link #label}. */
@FunctionalInterface
public interface ActivityHook {

    ActivityHook NONE = (instanceId, activity) -> {};

    /** @param activity {@code started}, {@code step <n>}, {@code summary}, {@code completed}, {@code failed}, {@code cancelled} */
    void before(String instanceId, String activity);

    static String label(int step) {
        return "step " + step;
    }
}
