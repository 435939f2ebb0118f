package dev.snpkm.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.snpkm.kmip.payload.Get;
import org.junit.jupiter.api.Test;

/** Package dependency rules of kmip-server's main code, checked on the compiled classes. */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.snpkm.server");

    /**
     * The engine runs the operations, never the reverse: what both need (the supported versions, the failure
     * responses) lives in kmip-core, so the packages form no cycle and the handlers need no engine.
     */
    @Test
    void operationsDoNotDependOnTheEngine() {
        noClasses()
                .that()
                .resideInAPackage("dev.snpkm.server.operations..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.snpkm.server.engine..")
                .check(MAIN);
    }

    /** The engine sends any response payload the same way; zeroing a released key is the payload's own job. */
    @Test
    void theEngineDoesNotKnowTheGetPayload() {
        noClasses()
                .that()
                .resideInAPackage("dev.snpkm.server.engine..")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Get.class)
                .check(MAIN);
    }
}
