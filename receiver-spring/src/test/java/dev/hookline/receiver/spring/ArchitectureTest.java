package dev.hookline.receiver.spring;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The starter's feature packages, checked on its compiled main classes (a directory here, the jar
 * in boot3-tests): no two packages depend on each other in a circle, and they form a ladder, the
 * annotations at the bottom, then listener methods, then the auto-configuration, with
 * observability, replay and the endpoint lifecycle on top, which nothing else in the starter
 * depends on.
 */
class ArchitectureTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.hookline.receiver.spring");
  }

  @Test
  void noPackageCycles() {
    // One slice per package, the root package "spring" included.
    slices().matching("dev.hookline.receiver.(**)").should().beFreeOfCycles().check(main);
  }

  @Test
  void featurePackagesFormALadder() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("annotations")
        .definedBy("dev.hookline.receiver.spring")
        .layer("listener methods")
        .definedBy("dev.hookline.receiver.spring.listener")
        .layer("auto-configuration")
        .definedBy("dev.hookline.receiver.spring.autoconfigure")
        .layer("observability")
        .definedBy("dev.hookline.receiver.spring.observability")
        .layer("replay")
        .definedBy("dev.hookline.receiver.spring.replay")
        .layer("lifecycle")
        .definedBy("dev.hookline.receiver.spring.lifecycle")
        .whereLayer("annotations")
        .mayNotAccessAnyLayer()
        .whereLayer("listener methods")
        .mayOnlyBeAccessedByLayers("auto-configuration")
        .whereLayer("auto-configuration")
        .mayOnlyBeAccessedByLayers("observability", "replay", "lifecycle")
        .whereLayer("observability")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("replay")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("lifecycle")
        .mayNotBeAccessedByAnyLayer()
        .check(main);
  }
}
