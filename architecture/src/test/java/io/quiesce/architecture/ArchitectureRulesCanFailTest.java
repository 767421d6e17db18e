package io.quiesce.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule fails on a deliberately broken fixture (under {@code fixture}, which the real check does not import). */
class ArchitectureRulesCanFailTest {

    private static final String CYCLE = "io.quiesce.architecture.fixture.cycle";
    private static final String MODULES = "io.quiesce.architecture.fixture.modules";

    @Test
    void aCycleBetweenTwoPackagesOfAModuleFails() {
        JavaClasses classes = new ClassFileImporter().importPackages(CYCLE);

        assertThatThrownBy(() -> ArchitectureRules.noPackageCycles(CYCLE).check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining(CYCLE + ".a")
                .hasMessageContaining(CYCLE + ".b");
    }

    @Test
    void aModuleUsingAnotherModulesInternalPackageFails() {
        JavaClasses classes = new ClassFileImporter().importPackages(MODULES);
        Map<String, List<String>> exports = Map.of("alpha", List.of(MODULES + ".alpha.api"), "beta", List.of());

        assertThatThrownBy(() ->
                        ArchitectureRules.reachOnlyExports(MODULES, exports).check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "module beta reaches into alpha's internal package " + MODULES + ".alpha.internal")
                .hasMessageNotContaining("package " + MODULES + ".alpha.api ");
    }

    @Test
    void theSameFixturesPassOnceTheExportIsDeclared() {
        JavaClasses classes = new ClassFileImporter().importPackages(MODULES);
        Map<String, List<String>> exports = Map.of("alpha", List.of(MODULES + ".alpha.."), "beta", List.of());

        ArchitectureRules.reachOnlyExports(MODULES, exports).check(classes);
    }
}
