package io.quiesce.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two rules, for any root package whose next segment names the module ({@code io.quiesce.<module>...}), so that
 * the fixtures can show each one failing.
 */
final class ArchitectureRules {

    private ArchitectureRules() {}

    /** Every package under {@code root} is a slice: any cycle between two packages fails, inside one module. */
    static ArchRule noPackageCycles(String root) {
        return SlicesRuleDefinition.slices()
                .assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                        String pkg = javaClass.getPackageName();
                        return pkg.equals(root) || pkg.startsWith(root + ".")
                                ? SliceIdentifier.of(pkg)
                                : SliceIdentifier.ignore();
                    }

                    @Override
                    public String getDescription() {
                        return "the packages under " + root;
                    }
                })
                .should()
                .beFreeOfCycles();
    }

    /**
     * A class may use another module's class only if that class's package is one the other module exports; within
     * its own module anything goes.
     */
    static ArchRule reachOnlyExports(String root, Map<String, List<String>> exports) {
        return ArchRuleDefinition.classes()
                .that()
                .resideInAPackage(root + "..")
                .should(new ArchCondition<>("use other modules only through the packages they export") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        String from = module(root, origin.getPackageName()).orElse("");
                        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                            String pkg =
                                    d.getTargetClass().getBaseComponentType().getPackageName();
                            Optional<String> to = module(root, pkg);
                            if (to.isEmpty() || to.get().equals(from)) {
                                continue;
                            }
                            List<String> exported = exports.getOrDefault(to.get(), List.of());
                            if (exported.stream().noneMatch(e -> exports(e, pkg))) {
                                events.add(SimpleConditionEvent.violated(
                                        d,
                                        "module " + from + " reaches into " + to.get() + "'s internal package " + pkg
                                                + " (" + to.get() + " exports " + exported + "): "
                                                + d.getDescription()));
                            }
                        }
                    }
                });
    }

    /** {@code root.module...} -> module; empty outside {@code root}. */
    static Optional<String> module(String root, String pkg) {
        if (!pkg.startsWith(root + ".")) {
            return Optional.empty();
        }
        String rest = pkg.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    static boolean exports(String export, String pkg) {
        if (export.endsWith("..")) {
            String base = export.substring(0, export.length() - 2);
            return pkg.equals(base) || pkg.startsWith(base + ".");
        }
        return pkg.equals(export);
    }
}
