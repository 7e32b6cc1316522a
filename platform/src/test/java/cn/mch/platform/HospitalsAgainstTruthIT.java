package cn.mch.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.SearchStyleEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import cn.mch.demo.sources.SyntheticSources;
import cn.mch.mappings.FhirSystems;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo platform on the S population (a 10% fault rate, so that every kind of fault occurs
 * with this seed), checked against the generator's ground truth for both hospitals, whose schemas,
 * codes and date formats differ: every record the truth says must be rejected is a dead letter
 * with that reason, and nothing else is; every other prenatal visit is an Encounter, duplicated
 * rows once; old 15-digit IDs are found by their 18-digit form.
 */
class HospitalsAgainstTruthIT {

  @TempDir static Path dataDirectory;
  private static Platform platform;
  private static IGenericClient fhir;

  @BeforeAll
  static void ingestTheSPopulation() throws Exception {
    platform =
        Platform.start(
            new PlatformSettings(dataDirectory, 0, 0, "/fhir", "truth-test-id-secret", 300, 7, LocalDate.of(2024, 6, 30), 0.10, 200));
    fhir = FhirContext.forR4Cached().newRestfulGenericClient(platform.fhirBaseUrl());
    // A poll works through the whole backlog (a full batch is followed at once by the next),
    // so two finished polls per route mean everything present at start has been read.
    for (String route : List.of("hospital-a-patients", "hospital-a-prenatal-visits", "hospital-b-patients", "hospital-b-prenatal-visits")) {
      NotifyBuilder polls = new NotifyBuilder(platform.ingest().camelContext()).fromRoute(route).whenCompleted(2).create();
      assertTrue(polls.matches(120, TimeUnit.SECONDS), route + " did not finish");
    }
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hospital-a", "hospital-b"})
  void deadLettersAreExactlyTheRejectionsTheTruthExpects(String hospital) throws SQLException {
    Set<String> expected =
        strings(SyntheticSources.TRUTH,
            "select entity || '|' || source_key || '|' || reason from rejection"
                + " where source = '" + hospital + "' and entity in ('patient', 'prenatal-visit')");
    Set<String> actual =
        strings(Platform.INGEST_DATABASE,
            "select entity || '|' || source_key || '|' || reason from ingest_dead_letter where source = '" + hospital + "'");
    assertTrue(expected.size() > 5, "the S population has injected faults");
    assertEquals(expected, actual);
  }

  @Test
  void everyOtherPrenatalVisitIsAnEncounter() throws SQLException {
    long visits =
        Long.parseLong(strings(SyntheticSources.HOSPITAL_A, "select count(*) from prenatal_visit").iterator().next())
            // hospital B's interface table holds some rows twice
            + Long.parseLong(strings(SyntheticSources.HOSPITAL_B, "select count(distinct jlid) from fy_cjjl").iterator().next());
    assertTrue(
        Long.parseLong(strings(SyntheticSources.HOSPITAL_B, "select count(*) - count(distinct jlid) from fy_cjjl").iterator().next()) > 0,
        "duplicated rows occur");
    long rejected = strings(SyntheticSources.TRUTH, "select source_key from rejection where entity = 'prenatal-visit'").size();
    Bundle count = fhir.search().forResource("Encounter").summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute();
    assertEquals(visits - rejected, count.getTotal());
  }

  @Test
  void oldFifteenDigitIdsAreStoredAsEighteen() throws SQLException {
    Set<String> converted =
        strings(SyntheticSources.TRUTH,
            "select p.resident_id from tolerated_fault f join source_record r using (source, entity, source_key)"
                + " join person p using (person_id) where f.source = 'hospital-a' and f.fault = 'ID_15_DIGIT'");
    assertTrue(!converted.isEmpty(), "the S population has 15-digit IDs");
    for (String residentId : converted) {
      Bundle found =
          fhir.search().forResource(Patient.class)
              .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(FhirSystems.RESIDENT_ID, residentId))
              .usingStyle(SearchStyleEnum.POST).returnBundle(Bundle.class).execute();
      assertEquals(1, found.getEntry().size());
    }
  }

  private static Set<String> strings(String database, String query) throws SQLException {
    Set<String> values = new HashSet<>();
    try (Connection c = platform.postgres().dataSource(database).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
