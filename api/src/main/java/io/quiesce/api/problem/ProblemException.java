package io.quiesce.api.problem;

/** Thrown by resources to answer with a specific problem; nothing has been written when it is thrown. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
