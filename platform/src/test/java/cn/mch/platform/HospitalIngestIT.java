package cn.mch.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.SearchStyleEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.ICriterion;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import cn.mch.ingest.PollsDone;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.identity.Persons;
import cn.mch.server.person.PersonLinkage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The walking skeleton end to end on real PostgreSQL: rows inserted into the hospital's own
 * database become FHIR resources after the next poll, found through the REST API; re-reading them
 * changes nothing; a bad row becomes a dead letter; no personal data reaches the logs.
 */
@TestMethodOrder(OrderAnnotation.class)
class HospitalIngestIT {

  private static final String PATIENTS = "hospital-a-patients";
  private static final String VISITS = "hospital-a-prenatal-visits";
  private static final String RESIDENT_ID = "310104199203150020";
  private static final String NAME = "欧阳娜娜";
  private static final String PHONE = "13912345678";
  private static final String BAD_RESIDENT_ID = "310104199203150021";
  private static final String FIXED_RESIDENT_ID = "310104199203150047";

  /** HAPI reuses a search's results for a minute unless told not to: these tests compare before and after. */
  private static final ca.uhn.fhir.rest.api.CacheControlDirective NO_CACHE =
      new ca.uhn.fhir.rest.api.CacheControlDirective().setNoCache(true);

  @TempDir static Path dataDirectory;
  private static Platform platform;
  private static IGenericClient fhir;
  private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void startPlatform() throws Exception {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    PlatformSettings settings =
        new PlatformSettings(
            dataDirectory, 0, 0, "/fhir", "integration-test-id-secret", 0, 1, LocalDate.of(2024, 6, 30), 0, 200, 0, 0, 2000);
    platform = Platform.start(settings);
    // Spring Boot's logging set-up, as the FHIR server starts, stops and drops appenders added
    // before it: again, so that the ingest's own lines are read too.
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    fhir = FhirContext.forR4Cached().newRestfulGenericClient(platform.fhirBaseUrl());
  }

  @AfterAll
  static void stopPlatform() {
    platform.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  @Test
  @Order(1)
  void rowsInsertedInTheHospitalAppearAsFhirResourcesAfterTheNextPoll() throws Exception {
    hospital(
        "insert into patient (patient_no, full_name, id_card_no, birth_date, sex, mobile) values"
            + " ('T0001', '" + NAME + "', '" + RESIDENT_ID + "', '1992-03-15', 'F', '" + PHONE + "'),"
            + " ('T0002', '张丽', '" + BAD_RESIDENT_ID + "', '1992-03-15', 'F', null)",
        "insert into prenatal_visit (visit_no, patient_no, visit_date, gestational_weeks, sbp, dbp, weight_kg)"
            + " values ('T0001-01', 'T0001', '2024-03-01', 12, 118, 76, 58.4),"
            + " ('T0001-02', 'T0001', '2024-03-29', 16, 121, 79, null)");

    awaitNextPolls();

    // Patient found by resident ID, searched by POST so the number is in no URL.
    List<Patient> patients = search(Patient.class, Patient.IDENTIFIER.exactly().systemAndIdentifier(FhirSystems.RESIDENT_ID, RESIDENT_ID));
    assertEquals(1, patients.size());
    Patient patient = patients.get(0);
    assertEquals(NAME, patient.getNameFirstRep().getText());
    assertEquals("欧阳", patient.getNameFirstRep().getFamily());
    assertEquals(AdministrativeGender.FEMALE, patient.getGender());
    assertFalse(patient.getIdPart().contains("T0001"), "id is a token, not the hospital number");

    String subject = "Patient/" + patient.getIdPart();
    List<Encounter> encounters = search(Encounter.class, Encounter.SUBJECT.hasId(subject));
    assertEquals(2, encounters.size());
    List<Observation> observations = search(Observation.class, Observation.SUBJECT.hasId(subject));
    // visit 1: blood pressure, weight, gestational age; visit 2: blood pressure, gestational age
    assertEquals(5, observations.size());
    assertEquals(2, observations.stream().filter(o -> o.getCode().getCodingFirstRep().getCode().equals("85354-9")).count());
    assertEquals(1, observations.stream().filter(o -> o.getCode().getCodingFirstRep().getCode().equals("29463-7")).count());

    // Where the patient record came from: hospital A, its patient number T0001.
    List<Provenance> provenances = search(Provenance.class, Provenance.TARGET.hasId(subject));
    assertEquals(1, provenances.size());
    assertEquals("T0001", provenances.get(0).getEntityFirstRep().getWhat().getIdentifier().getValue());
    assertTrue(provenances.get(0).getAgentFirstRep().getWho().getReference().startsWith("Organization/"));
  }

  @Test
  @Order(2)
  void rowWithAnInvalidResidentIdBecomesADeadLetterAndNoPatient() throws Exception {
    List<Patient> byHospitalNumber =
        search(Patient.class, Patient.IDENTIFIER.exactly().systemAndIdentifier(FhirSystems.sourceIdentifier("hospital-a", "patient-no"), "T0002"));
    assertEquals(0, byHospitalNumber.size());
    assertEquals("RESIDENT_ID_INVALID|1", ingest("select reason || '|' || occurrences from ingest_dead_letter where source_key = 'T0002'"));
  }

  @Test
  @Order(3)
  void readingTheSameRowsAgainCreatesNoResourcesAndNoVersions() throws Exception {
    Map<String, String> before = versions();

    platform.ingest().watermarks().reset(PATIENTS);
    platform.ingest().watermarks().reset(VISITS);
    awaitNextPolls();

    assertEquals(before, versions());
    // 1 Patient and her person record, 2 Encounters, 5 Observations, 3 Provenances (one per source
    // record), 1 Organization
    assertEquals(2 + 2 + 5 + 3 + 1, before.size());
    // The bad row was seen twice but is still one dead letter.
    assertEquals("RESIDENT_ID_INVALID|2", ingest("select reason || '|' || occurrences from ingest_dead_letter where source_key = 'T0002'"));
  }

  @Test
  @Order(4)
  void aDeadLetterIsResolvedWhenTheHospitalFixesTheRecord() throws Exception {
    assertEquals("open", ingest("select case when resolved_at is null then 'open' else 'resolved' end from ingest_dead_letter where source_key = 'T0002'"));

    // The HIS stamps the correction, so the next poll reads the row again.
    hospital("update patient set id_card_no = '" + FIXED_RESIDENT_ID + "' where patient_no = 'T0002'");
    awaitNextPolls();

    assertEquals(1, search(Patient.class, Patient.IDENTIFIER.exactly().systemAndIdentifier(FhirSystems.RESIDENT_ID, FIXED_RESIDENT_ID)).size());
    assertEquals("resolved|2", ingest("select case when resolved_at is null then 'open' else 'resolved' end || '|' || occurrences"
        + " from ingest_dead_letter where source_key = 'T0002'"));
  }

  @Test
  @Order(5)
  void noPersonalDataInTheLogs() {
    List<String> lines =
        logs.list.stream()
            .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
            .toList();
    assertTrue(lines.size() > 20, "the logs were captured");
    for (String secret : List.of(RESIDENT_ID, BAD_RESIDENT_ID, FIXED_RESIDENT_ID, NAME, PHONE)) {
      assertTrue(lines.stream().noneMatch(l -> l.contains(secret)), "a log line holds personal data");
    }
    // The ingest key made at start (the server does not validate the mappings' output again) is a secret too.
    String ingestKey = platform.fhirServer().getEnvironment().getProperty("mch.fhir.ingest-key");
    assertTrue(ingestKey != null && ingestKey.length() >= 32, "the platform made an ingest key");
    assertTrue(lines.stream().noneMatch(l -> l.contains(ingestKey)), "a log line holds the ingest key");
  }

  @Test
  @Order(6)
  void aRowCommittedAfterTheWatermarkPassedItsStampIsFoundByTheSweepOnce() throws Exception {
    // Entered late with its visit date as change stamp: before every row the route has read.
    hospital("insert into prenatal_visit (visit_no, patient_no, visit_date, gestational_weeks, sbp, dbp, updated_at)"
        + " values ('T0001-00', 'T0001', '2024-02-01', 8, 110, 70, '2024-02-01 09:00:00')");
    String system = FhirSystems.sourceIdentifier("hospital-a", "visit-no");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (search(Encounter.class, Encounter.IDENTIFIER.exactly().systemAndIdentifier(system, "T0001-00")).isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertEquals(1, search(Encounter.class, Encounter.IDENTIFIER.exactly().systemAndIdentifier(system, "T0001-00")).size());
    // The sweep logs what it found once its pass is over.
    String found = VISITS + ": sweep found 1 rows committed after the watermark had passed them";
    while (logs.list.stream().noneMatch(e -> e.getFormattedMessage().equals(found)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().equals(found)),
        logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("sweep")).toList().toString()
            + " of " + logs.list.size());

    // Later sweeps find nothing new and rewrite nothing.
    platform.fhirServer().getBean(PersonLinkage.class).awaitIdle(Duration.ofMinutes(1));
    Map<String, String> before = versions();
    assertEquals(List.of(), PollsDone.watch(platform.ingest().camelContext(), List.of(VISITS + "-sweep"), 2)
        .await(Duration.ofSeconds(60)), "the sweep did not run");
    assertEquals(before, versions());
    assertEquals(1, logs.list.stream().filter(e -> e.getFormattedMessage().startsWith(VISITS + ": sweep found")).count());
  }

  /** Waits until each route has finished two polls that started after this call, and linkage. */
  private static void awaitNextPolls() throws Exception {
    assertEquals(List.of(), PollsDone.watch(platform.ingest().camelContext(), List.of(PATIENTS, VISITS), 2)
        .await(Duration.ofSeconds(60)), "routes that did not poll");
    platform.fhirServer().getBean(PersonLinkage.class).awaitIdle(Duration.ofMinutes(1));
  }

  private static <T extends Resource> List<T> search(Class<T> type, ICriterion<?> criterion) {
    // Source records only: person records (tagged) are tested in SourcesAgainstTruthIT.
    Bundle bundle =
        fhir.search().forResource(type).where(criterion)
            .and(new TokenClientParam("_tag:not").exactly().systemAndCode(FhirSystems.MCH_TAG, Persons.PERSON_TAG))
            .usingStyle(SearchStyleEnum.POST).count(500).cacheControl(NO_CACHE).returnBundle(Bundle.class).execute();
    return bundle.getEntry().stream().map(e -> type.cast(e.getResource())).toList();
  }

  /** Every resource id the ingest writes, with its version. */
  private static Map<String, String> versions() {
    Map<String, String> versions = new HashMap<>();
    for (String type : List.of("Patient", "Encounter", "Observation", "Provenance", "Organization")) {
      Bundle page = fhir.search().forResource(type).count(500).cacheControl(NO_CACHE).returnBundle(Bundle.class).execute();
      assertTrue(page.getLink(Bundle.LINK_NEXT) == null, "one page holds them all");
      page.getEntry().forEach(e -> versions.put(type + "/" + e.getResource().getIdElement().getIdPart(), e.getResource().getMeta().getVersionId()));
    }
    return versions;
  }

  private static void hospital(String... statements) throws SQLException {
    try (Connection c = platform.postgres().dataSource(Platform.HOSPITAL_A_DATABASE).getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static String ingest(String query) throws SQLException {
    try (Connection c = platform.postgres().dataSource(Platform.INGEST_DATABASE).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
