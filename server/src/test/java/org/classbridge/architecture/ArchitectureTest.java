package org.classbridge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.classbridge.app.AppConfig;
import org.classbridge.sql.PlantedLayeringViolation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package structure as rules the build enforces (ARCHITECTURE.md's package table): arrows point
 * down, nothing below the composition root knows it, no package cycles. Each package's own {@code
 * package-info.java} says what it owns and may import; these rules make that true.
 */
class ArchitectureTest {
  private static final String ROOT = "org.classbridge";
  private static JavaClasses production;

  @BeforeAll
  static void importProduction() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    assertThat(production.size()).as("classes imported").isGreaterThan(50);
  }

  /** Who may import whom, bottom to top. */
  static ArchRule layers() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("app")
        .definedBy(ROOT + ".app..")
        .layer("use cases")
        .definedBy(ROOT + ".admin..", ROOT + ".seed..", ROOT + ".home..", ROOT + ".privacy..")
        .layer("ops")
        .definedBy(ROOT + ".ops..")
        .layer("search")
        .definedBy(ROOT + ".search..")
        .layer("live")
        .definedBy(ROOT + ".live..")
        .layer("transcode")
        .definedBy(ROOT + ".transcode..")
        .layer("coverage")
        .definedBy(ROOT + ".coverage..")
        .layer("studio")
        .definedBy(ROOT + ".studio..")
        .layer("schedule")
        .definedBy(ROOT + ".schedule..")
        .layer("catalogue")
        .definedBy(ROOT + ".catalogue..")
        .layer("directory")
        .definedBy(ROOT + ".directory..")
        .layer("auth")
        .definedBy(ROOT + ".auth..")
        .layer("http")
        .definedBy(ROOT + ".http..")
        .layer("sql")
        .definedBy(ROOT + ".sql..")
        .layer("blob")
        .definedBy(ROOT + ".blob..")
        .layer("identity")
        .definedBy(ROOT + ".identity..")
        .layer("common")
        .definedBy(ROOT + ".common..")
        .layer("media")
        .definedBy(ROOT + ".media..")
        .whereLayer("app")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("use cases")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("ops")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("search")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("live")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("transcode")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("coverage")
        .mayOnlyBeAccessedByLayers("app", "use cases")
        .whereLayer("studio")
        .mayOnlyBeAccessedByLayers("app", "use cases")
        .whereLayer("schedule")
        .mayOnlyBeAccessedByLayers("app", "use cases")
        .whereLayer("catalogue")
        .mayOnlyBeAccessedByLayers("app", "use cases", "search", "transcode")
        .whereLayer("directory")
        .mayOnlyBeAccessedByLayers("app", "use cases")
        .whereLayer("auth")
        .mayOnlyBeAccessedByLayers("app", "use cases", "directory")
        .whereLayer("http")
        .mayOnlyBeAccessedByLayers(
            "app",
            "use cases",
            "ops",
            "search",
            "live",
            "transcode",
            "coverage",
            "studio",
            "schedule",
            "catalogue",
            "directory",
            "auth")
        .whereLayer("sql")
        .mayOnlyBeAccessedByLayers(
            "app",
            "use cases",
            "ops",
            "search",
            "transcode",
            "coverage",
            "studio",
            "schedule",
            "catalogue",
            "directory",
            "auth")
        .whereLayer("blob")
        .mayOnlyBeAccessedByLayers("app", "use cases", "ops", "catalogue", "transcode")
        .whereLayer("identity")
        .mayOnlyBeAccessedByLayers(
            "app",
            "use cases",
            "ops",
            "search",
            "live",
            "transcode",
            "coverage",
            "studio",
            "schedule",
            "catalogue",
            "directory",
            "auth",
            "http")
        .whereLayer("media")
        .mayOnlyBeAccessedByLayers("app", "use cases", "catalogue", "transcode");
  }

  static ArchRule nothingBelowAppImportsApp() {
    return noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".app..")
        .because("app only composes: each package owns its configuration record");
  }

  @Test
  @DisplayName("packages depend only downwards, as ARCHITECTURE.md's table says")
  void layering() {
    layers().check(production);
  }

  @Test
  @DisplayName("nothing below the composition root imports it (not even its config record)")
  void appIsTheTop() {
    nothingBelowAppImportsApp().check(production);
  }

  @Test
  @DisplayName("there are no cycles between packages")
  void noCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(production);
  }

  @Test
  @DisplayName("the HTTP kernel, SQL and blob storage know no feature; storage knows no media")
  void infrastructureKnowsNoFeature() {
    noClasses()
        .that()
        .resideInAnyPackage(ROOT + ".http..", ROOT + ".sql..", ROOT + ".blob..", ROOT + ".common..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".auth..",
            ROOT + ".directory..",
            ROOT + ".admin..",
            ROOT + ".seed..",
            ROOT + ".schedule..",
            ROOT + ".catalogue..",
            ROOT + ".search..",
            ROOT + ".live..",
            ROOT + ".media..")
        .check(production);
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".search..")
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "catalogue classes outside its record contract",
                (com.tngtech.archunit.core.domain.JavaClass c) ->
                    c.getPackageName().equals(ROOT + ".catalogue")
                        && !java.util.Set.of(
                                "Catalogue",
                                "IndexRecord",
                                "Resource",
                                "CurriculumNode",
                                "ResourceKind",
                                "Stage")
                            .contains(c.getSimpleName())))
        .because(
            "the index follows the catalogue's change log and reads IndexRecords, never its tables")
        .check(production);
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".schedule..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".directory..", ROOT + ".auth..")
        .because("the timetable learns about schools and people through ScheduleDirectory")
        .check(production);
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".auth..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".directory..", ROOT + ".schedule..")
        .because("accounts ask about schools through SchoolLookup, which the directory implements")
        .check(production);
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".identity..")
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAPackage(ROOT + "..")
                .and(JavaClass.Predicates.resideOutsideOfPackage(ROOT + ".identity..")))
        .because("who is calling is the smallest shared idea; it depends on nothing of ours")
        .check(production);
  }

  @Test
  @DisplayName("the rules are not vacuous: a planted upward import and a planted cycle fail them")
  void plantedViolationsAreCaught() {
    JavaClasses planted =
        new ClassFileImporter().importClasses(PlantedLayeringViolation.class, AppConfig.class);
    assertThatThrownBy(() -> nothingBelowAppImportsApp().check(planted))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("PlantedLayeringViolation");
    assertThatThrownBy(() -> layers().check(planted))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("PlantedLayeringViolation");
  }

  @Test
  @DisplayName("every package says in package-info.java what it owns and what it may import")
  void everyPackageDocumented() throws IOException {
    Path sources = Path.of("src/main/java/org/classbridge");
    List<Path> packages;
    try (Stream<Path> walk = Files.walk(sources)) {
      packages =
          walk.filter(Files::isDirectory)
              .filter(
                  d -> {
                    try (Stream<Path> files = Files.list(d)) {
                      return files.anyMatch(f -> f.toString().endsWith(".java"));
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .toList();
    }
    assertThat(packages).hasSizeGreaterThan(8);
    for (Path p : packages) {
      Path info = p.resolve("package-info.java");
      assertThat(info).as("%s/package-info.java", p).exists();
      assertThat(Files.readString(info))
          .as("%s says what it may import", info)
          .contains("May import");
    }
  }
}
