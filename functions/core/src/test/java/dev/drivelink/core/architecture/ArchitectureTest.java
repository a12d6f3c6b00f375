package dev.drivelink.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.drivelink.core.error.DomainException;
import org.junit.jupiter.api.Test;

/**
 * The core's shape, as rules that fail the build: the domain talks to ports and knows nothing of AWS,
 * Google's client libraries or HTTP; adapters and wiring depend on the domain, never the other way;
 * no package cycles; domain failures are coded errors, never HTTP problems.
 */
class ArchitectureTest {

    /** Everything but the adapters, the wiring and the configuration mapping. */
    static final String[] DOMAIN = {
        "dev.drivelink.core.connection..", "dev.drivelink.core.connect..", "dev.drivelink.core.token..",
        "dev.drivelink.core.drive..", "dev.drivelink.core.upload..", "dev.drivelink.core.events..",
        "dev.drivelink.core.error..", "dev.drivelink.core.changes..", "dev.drivelink.core.sync.."};

    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.drivelink.core");

    @Test
    void theDomainImportsNoAwsGoogleOrHttpTypes() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..",
                        "com.google..", "jakarta.ws.rs..", "org.jboss.resteasy..", "io.vertx..", "io.quarkus..",
                        "java.net.http..", "jakarta.servlet..")
                .because("the domain talks to ports; adapters (dev.drivelink.core.adapters) implement them")
                .check(CORE);
    }

    @Test
    void dependenciesRunFromAdaptersToTheDomainOnly() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("dev.drivelink.core.adapters..",
                        "dev.drivelink.core.wiring..", "dev.drivelink.core.config..")
                .because("adapters and wiring depend on the domain, never the other way")
                .check(CORE);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.drivelink.core.(*)..").should().beFreeOfCycles().check(CORE);
        slices().matching("dev.drivelink.core.adapters.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theDomainRaisesCodedErrorsNotHttpProblems() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().haveSimpleNameEndingWith("Problem")
                .orShould().haveSimpleNameEndingWith("HttpException")
                .because("only functions/api turns a DomainException into application/problem+json")
                .check(CORE);
        noClasses().that().resideInAnyPackage(DOMAIN).and().areAssignableTo(DomainException.class)
                .should(declareNoHttpStatus())
                .because("a domain error says what kind of failure it is (ErrorKind), not which HTTP status")
                .check(CORE);
    }

    private static ArchCondition<JavaClass> declareNoHttpStatus() {
        return new ArchCondition<>("declare no integer status field") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (JavaField field : item.getFields()) {
                    boolean number = field.getRawType().isEquivalentTo(int.class)
                            || field.getRawType().isEquivalentTo(Integer.class);
                    if (number && field.getName().toLowerCase().contains("status")) {
                        events.add(SimpleConditionEvent.violated(item, item.getName() + " declares " + field.getName()
                                + ", an HTTP status"));
                    }
                }
            }
        };
    }
}
