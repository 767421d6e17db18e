package io.quiesce.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rules over every module's main classes (docs/architecture.md). */
class ArchitectureTest {

    static final String ROOT = "io.quiesce";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    private static final Modules MODULES = Modules.read(Modules.root());

    @Test
    void noPackageCycleInsideAModule() {
        ArchitectureRules.noPackageCycles(ROOT).check(MAIN);
    }

    @Test
    void noModuleReachesIntoAnothersInternals() {
        ArchitectureRules.reachOnlyExports(ROOT, MODULES.exports()).check(MAIN);
    }

    /** Otherwise the rules above could pass on nothing: every module with main code is seen, and no class is orphaned. */
    @Test
    void everyModuleWithMainClassesIsChecked() {
        Set<String> seen = MAIN.stream()
                .map(c -> ArchitectureRules.module(ROOT, c.getPackageName()).orElse("(outside " + ROOT + ")"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(seen)
                .as("every class lives in io.quiesce.<module> of a module the parent pom lists")
                .isSubsetOf(MODULES.exports().keySet())
                .contains("lifecycle", "database", "workflow", "jobs", "api", "devservices", "testkit")
                .contains("kubernetes", "rehearsal", "bench");
    }

    /** A stale export (a package renamed or removed) would silently export nothing. */
    @Test
    void everyExportNamesAPackageOfItsModule() {
        Set<String> packages = MAIN.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        for (Map.Entry<String, java.util.List<String>> module :
                MODULES.exports().entrySet()) {
            for (String export : module.getValue()) {
                assertThat(ArchitectureRules.module(ROOT, export.replaceAll("\\.\\.$", "")))
                        .as(module.getKey() + " exports " + export)
                        .contains(module.getKey());
                assertThat(packages)
                        .as(module.getKey() + " exports " + export + ", which has no class")
                        .anyMatch(p -> ArchitectureRules.exports(export, p));
            }
        }
    }
}
