package dev.hookline.receiver.clients;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of receiver-clients, checked on its compiled main classes: no two depend on each
 * other in a circle, and the shared plumbing ({@code internal}) knows none of the clients.
 */
class ArchitectureTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.hookline.receiver.clients");
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.hookline.receiver.(**)").should().beFreeOfCycles().check(main);
  }

  @Test
  void thePlumbingKnowsNoClient() {
    noClasses()
        .that()
        .resideInAPackage("dev.hookline.receiver.clients.internal")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.hookline.receiver.clients.lucca",
            "dev.hookline.receiver.clients.arta",
            "dev.hookline.receiver.clients.replay",
            "dev.hookline.receiver.clients.http")
        .check(main);
  }
}
