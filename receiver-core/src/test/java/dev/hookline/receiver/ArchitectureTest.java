package dev.hookline.receiver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of receiver-core, checked on its compiled main classes: the leaf package {@code core}
 * (request, response, headers, outcomes, exceptions) depends on nothing above it, and no two
 * packages depend on each other in a circle. JSpecify's nullness annotations are allowed
 * everywhere.
 */
class ArchitectureTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.hookline.receiver");
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.hookline.(**)").should().beFreeOfCycles().check(main);
  }

  @Test
  void theLeafPackageDependsOnlyOnInternalHelpers() {
    classes()
        .that()
        .resideInAPackage("dev.hookline.receiver.core")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.hookline.receiver.core",
            "dev.hookline.receiver.internal",
            "java..",
            "org.jspecify.annotations..")
        .check(main);
  }

  @Test
  void internalHelpersDependOnNothingAboveTheLeafPackage() {
    classes()
        .that()
        .resideInAPackage("dev.hookline.receiver.internal..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.hookline.receiver.internal..",
            "dev.hookline.receiver.core",
            "java..",
            "com.fasterxml.jackson..",
            "org.jspecify.annotations..")
        .check(main);
  }
}
