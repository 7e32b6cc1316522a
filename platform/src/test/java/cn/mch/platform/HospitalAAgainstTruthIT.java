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

/**
 * The demo platform on the S population (a 10% fault rate, so that every kind of fault occurs
 * with this seed), checked against the generator's ground truth: every
 * record the truth says must be rejected is a dead letter with that reason, and nothing else is;
 * every other prenatal visit is an Encounter; old 15-digit IDs are found by their 18-digit form.
 */
class HospitalAAgainstTruthIT {

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
    for (String route : List.of("hospital-a-patients", "hospital-a-prenatal-visits")) {
      NotifyBuilder polls = new NotifyBuilder(platform.ingest().camelContext()).fromRoute(route).whenCompleted(2).create();
      assertTrue(polls.matches(120, TimeUnit.SECONDS), route + " did not finish");
    }
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void deadLettersAreExactlyTheRejectionsTheTruthExpects() throws SQLException {
    Set<String> expected =
        strings(SyntheticSources.TRUTH,
            "select entity || '|' || source_key || '|' || reason from rejection"
                + " where source = 'hospital-a' and entity in ('patient', 'prenatal-visit')");
    Set<String> actual =
        strings(Platform.INGEST_DATABASE,
            "select entity || '|' || source_key || '|' || reason from ingest_dead_letter where source = 'hospital-a'");
    assertTrue(expected.size() > 5, "the S population has injected faults");
    assertEquals(expected, actual);
  }

  @Test
  void everyOtherPrenatalVisitIsAnEncounter() throws SQLException {
    long visits = Long.parseLong(strings(SyntheticSources.HOSPITAL_A, "select count(*) from prenatal_visit").iterator().next());
    long rejected = strings(SyntheticSources.TRUTH, "select source_key from rejection where source = 'hospital-a' and entity = 'prenatal-visit'").size();
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
