package io.github.operationqueue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the dependency rules of core's main code: no framework, Micrometer, an optional
 * dependency, only in the package that binds meters, and calls that run only downwards inside the
 * queue: no part below {@link OperationQueue} refers to it.
 */
@AnalyzeClasses(packages = "io.github.operationqueue",
        importOptions = { ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class })
class ArchitectureTests {

    @ArchTest
    static final ArchRule coreUsesNoSpringType = noClasses().should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .because("core depends on the JDK and slf4j-api only; Spring belongs to the starter");

    @ArchTest
    static final ArchRule onlyTheMicrometerPackageUsesMicrometer = noClasses().that()
        .resideOutsideOfPackage("io.github.operationqueue.micrometer..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.micrometer..")
        .because("micrometer-core is optional: the queue and the line must load without it");

    @ArchTest
    static final ArchRule noPartOfTheQueueRefersBackToIt = noClasses().that()
        .resideInAPackage("io.github.operationqueue")
        .and()
        .areNotPublic()
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(OperationQueue.class)
        .because("the parts of the queue return what happened and OperationQueue acts on it: no call runs back up");

    @ArchTest
    static void thePartsLogUnderTheQueuesName(JavaClasses classes) {
        assertThat(QueueLog.LOGGER.getName()).isEqualTo(OperationQueue.class.getName());
    }
}
