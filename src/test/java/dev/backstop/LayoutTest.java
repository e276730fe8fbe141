package dev.backstop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layout keeps its arrows pointing down: core at the bottom, then config (with the cron parser),
 * the adapters (engine, store, catalog), the pipeline, the jobs (schedule, approval), the shared services
 * bundle and text, the front ends (chat, metrics, http, slack, cli), and the wiring with {@code Main} on top.
 * Each third-party SDK is imported by one package only.
 */
class LayoutTest {

    private static final String ROOT = "dev.backstop";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(ROOT);
        // A rule over no classes passes whatever it says, so the import must have found the program.
        assertTrue(classes.contain(Main.class) && classes.contain(dev.backstop.core.DatabaseEngine.class),
                "the main classes were not imported");
    }

    @Test
    void layersOnlyUseTheLayersBelowThem() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("core").definedBy(ROOT + ".core..")
                .layer("config").definedBy(ROOT + ".config..")
                .layer("adapters").definedBy(ROOT + ".engine..", ROOT + ".store..", ROOT + ".catalog..")
                .layer("pipeline").definedBy(ROOT + ".pipeline..")
                .layer("jobs").definedBy(ROOT + ".schedule..", ROOT + ".approval..")
                .layer("shared").definedBy(ROOT + ".services..", ROOT + ".text..")
                .layer("fronts").definedBy(ROOT + ".chat..", ROOT + ".metrics..", ROOT + ".http..", ROOT + ".slack..",
                        ROOT + ".cli..")
                .layer("wiring").definedBy(ROOT, ROOT + ".wiring..")
                .whereLayer("wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("fronts").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("shared").mayOnlyBeAccessedByLayers("fronts", "wiring")
                .whereLayer("jobs").mayOnlyBeAccessedByLayers("shared", "fronts", "wiring")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("jobs", "shared", "fronts", "wiring")
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("pipeline", "jobs", "shared", "fronts", "wiring")
                .whereLayer("config").mayOnlyBeAccessedByLayers("adapters", "pipeline", "jobs", "shared", "fronts",
                        "wiring");
        layers.check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void coreUsesOnlyTheJdk() {
        classes().that().resideInAPackage(ROOT + ".core..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", ROOT + ".core..").check(classes);
    }

    @Test
    void awsIsImportedByStoreOnly() {
        onlyIn("software.amazon..", ROOT + ".store..");
    }

    @Test
    void boltIsImportedBySlackOnly() {
        onlyIn("com.slack.api..", ROOT + ".slack..");
    }

    @Test
    void javalinIsImportedByHttpOnly() {
        onlyIn("io.javalin..", ROOT + ".http..");
    }

    @Test
    void prometheusIsImportedByMetricsOnly() {
        onlyIn("io.prometheus..", ROOT + ".metrics..");
    }

    @Test
    void jdbcIsImportedByCatalogAndEngineOnly() {
        onlyIn("java.sql..", ROOT + ".catalog..", ROOT + ".engine..");
        // The job scheduler gets the catalog's DataSource (from wiring) for db-scheduler's own table.
        onlyIn("javax.sql..", ROOT + ".catalog..", ROOT + ".engine..", ROOT + ".schedule..", ROOT + ".wiring..");
        onlyIn("org.sqlite..", ROOT + ".catalog..", ROOT + ".engine..");
    }

    @Test
    void dbSchedulerIsImportedByScheduleOnly() {
        onlyIn("com.github.kagkarlsson..", ROOT + ".schedule..");
    }

    @Test
    void picocliIsImportedByCliOnly() {
        onlyIn("picocli..", ROOT + ".cli..");
    }

    private static void onlyIn(String sdk, String... owners) {
        noClasses().that().resideOutsideOfPackages(owners).should().dependOnClassesThat().resideInAPackage(sdk)
                .because(sdk + " is imported only by " + String.join(", ", owners)).check(classes);
    }
}
