package io.github.operationqueue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the dependency rules of core's main code: no framework; each optional dependency only in its
 * own package (Micrometer in the package that binds meters, concurrency-limits and Resilience4j in
 * theirs under {@code flow}); and calls that run only downwards inside the
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
    static final ArchRule onlyTheNetflixPackageUsesConcurrencyLimits = noClasses().that()
        .resideOutsideOfPackage("io.github.operationqueue.flow.netflix..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.netflix.concurrency.limits..")
        .because("concurrency-limits-core is optional: only the adaptive limits that use it may refer to it");

    @ArchTest
    static final ArchRule onlyTheResilience4jPackageUsesResilience4j = noClasses().that()
        .resideOutsideOfPackage("io.github.operationqueue.flow.resilience4j..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.github.resilience4j..")
        .because("resilience4j-ratelimiter is optional: only the start rate that uses it may refer to it");

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
