package cn.mch.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.SearchStyleEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import cn.mch.demo.sources.SyntheticSources;
import cn.mch.ingest.PollsDone;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.SourceKey;
import cn.mch.mappings.identity.Persons;
import cn.mch.server.person.PersonLinkage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo platform on the S population (a 10% fault rate, so that every kind of fault occurs
 * with this seed), checked against the generator's ground truth for all five sources: both
 * hospitals, whose schemas, codes and date formats differ, the child-health system and the
 * marriage and birth registries: every record the truth says must be rejected is a dead letter
 * with that reason, and nothing else is; each resource type counts what the truth (or, for what
 * the truth does not count, the source rows) says, duplicated rows once; old 15-digit IDs are
 * found by their 18-digit form.
 */
class SourcesAgainstTruthIT {

  private static final String SECRET = "truth-test-id-secret";
  private static final String PERSON_TAG = FhirSystems.MCH_TAG + "|" + Persons.PERSON_TAG;

  @TempDir static Path dataDirectory;
  private static Platform platform;
  private static IGenericClient fhir;

  @BeforeAll
  static void ingestTheSPopulation() throws Exception {
    platform =
        Platform.start(
            // The server validates the mappings' output too: every record the truth does not reject
            // must pass the profiles, which is what lets a platform trust its own ingest.
            new PlatformSettings(dataDirectory, 0, 0, "/fhir", SECRET, 300, 7, LocalDate.of(2024, 6, 30), 0.10, 200)
                .validatingIngest());
    fhir = FhirContext.forR4Cached().newRestfulGenericClient(platform.fhirBaseUrl());
    // Two finished polls per route mean everything present at start has been read (PollsDone).
    List<String> routes = platform.ingest().pollingRouteIds();
    assertEquals(22, routes.size(), "eight entities of two hospitals, three + two + one of the registries");
    PollsDone polls = PollsDone.watch(platform.ingest().camelContext(), routes, 2);
    // One deadline for the whole backlog: the routes run side by side on two cores.
    long started = System.nanoTime();
    assertEquals(List.of(), polls.await(Duration.ofMinutes(20)), "routes that did not finish");
    System.out.println("S population ingested from five sources in "
        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s after start-up");
    long linking = System.nanoTime();
    PersonLinkage linkage = platform.fhirServer().getBean(PersonLinkage.class);
    linkage.awaitIdle(Duration.ofMinutes(10));
    System.out.println("Person linkage finished " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - linking)
        + " s after ingest; " + linkage.linked() + " links of source Patients, "
        + linkage.busyMillis() / Math.max(1, linkage.linked()) + " ms each");
  }

  @AfterAll
  static void stop() throws SQLException {
    // The figures of this run, for the record (no personal data: counts only).
    StringBuilder figures = new StringBuilder("S population, all five sources:");
    for (String type : List.of("Patient", "RelatedPerson", "EpisodeOfCare", "Encounter", "Observation", "Condition",
        "Procedure", "Organization", "Provenance")) {
      figures.append(' ').append(type).append('=').append(total(type));
    }
    figures.append(" dead-letters=").append(count(Platform.INGEST_DATABASE, "select count(*) from ingest_dead_letter"));
    System.out.println(figures);
    platform.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hospital-a", "hospital-b", "child-health", "marriage-registry", "birth-registry"})
  void deadLettersAreExactlyTheRejectionsTheTruthExpects(String hospital) throws SQLException {
    Set<String> expected =
        strings(SyntheticSources.TRUTH,
            "select entity || '|' || source_key || '|' || reason from rejection"
                + " where source = '" + hospital + "'");
    Set<String> actual =
        strings(Platform.INGEST_DATABASE,
            "select entity || '|' || source_key || '|' || reason from ingest_dead_letter where source = '" + hospital + "'");
    if (hospital.startsWith("hospital-")) {
      assertTrue(expected.size() > 5, "the S population has injected faults");
    }
    assertEquals(expected, actual);
  }

  @Test
  void noTwoTransactionsCreatedTheSameResourceAtOnceSoNoneWasSentAgain() {
    // 22 routes share the hospitals' Organizations and the mothers' Patients: before the writer's
    // claims, a few of their first transactions were refused with HTTP 409 and written again.
    assertEquals(0, platform.ingest().phaseTimes().conflicts(), "transactions refused with HTTP 409");
    assertEquals(0, platform.ingest().phaseTimes().failedWrites(), "batch writes retried");
  }

  @Test
  void theServerHadNoIngestKeySoItValidatedEveryWrite() {
    assertEquals(null, platform.fhirServer().getEnvironment().getProperty("mch.fhir.ingest-key"));
  }

  @Test
  void everyOtherPrenatalVisitDeliveryBirthAndPostpartumVisitIsAnEncounter() throws SQLException {
    long visits =
        count(SyntheticSources.HOSPITAL_A, "select count(*) from prenatal_visit")
            // hospital B's interface table holds some rows twice
            + count(SyntheticSources.HOSPITAL_B, "select count(distinct jlid) from fy_cjjl");
    assertTrue(count(SyntheticSources.HOSPITAL_B, "select count(*) - count(distinct jlid) from fy_cjjl") > 0, "duplicated rows occur");
    long rejectedVisits = count(SyntheticSources.TRUTH, "select count(*) from rejection where entity = 'prenatal-visit'");
    long deliveries = count(SyntheticSources.TRUTH, "select count(*) from pregnancy where delivery_time is not null");
    long babies = count(SyntheticSources.TRUTH, "select coalesce(sum(babies), 0) from pregnancy");
    long postpartum = count(SyntheticSources.TRUTH, "select sum(postpartum_visits) from pregnancy");
    long checkups = count(SyntheticSources.CHILD_HEALTH, "select count(*) from checkup");
    long exams = count(SyntheticSources.TRUTH, "select count(*) from source_record where entity = 'premarital-exam'");

    assertEquals(visits - rejectedVisits + deliveries + babies + postpartum + checkups + exams, total("Encounter"));
    assertEquals(checkups, total("Encounter?type=" + FhirSystems.MCH_ENCOUNTER_TYPE + "|child-checkup"));
    assertEquals(deliveries, total("Encounter?type=" + FhirSystems.MCH_ENCOUNTER_TYPE + "|delivery-admission"));
    assertEquals(babies, total("Encounter?type=" + FhirSystems.MCH_ENCOUNTER_TYPE + "|birth&part-of:missing=false"));
  }

  @Test
  void everyWomanNotRejectedAndEveryNewbornIsAPatientWithHerMotherLinked() throws SQLException {
    long patients = count(SyntheticSources.TRUTH, "select count(*) from source_record where entity = 'patient'");
    long rejected = count(SyntheticSources.TRUTH, "select count(distinct (source, source_key)) from rejection where entity = 'patient'");
    long newborns = count(SyntheticSources.TRUTH, "select count(*) from source_record where entity = 'newborn'");

    assertEquals(newborns, count(SyntheticSources.TRUTH, "select coalesce(sum(babies), 0) from pregnancy"));
    long children = count(SyntheticSources.TRUTH, "select count(*) from source_record where entity = 'child'");
    long certificates = count(SyntheticSources.TRUTH, "select count(*) from source_record where entity = 'birth-certificate'");
    long registrations = count(SyntheticSources.TRUTH, "select count(*) from source_record where entity in ('marriage', 'divorce')");
    long exams = count(SyntheticSources.TRUTH, "select count(*) from source_record where entity = 'premarital-exam'");
    long fathers = count(SyntheticSources.BIRTH_REGISTRY, "select count(father_name) from birth_certificate");
    assertTrue(children > 0 && certificates > 0 && registrations > 0 && exams > 0);

    // One Patient per source record of a person; person records join them (tested below).
    assertEquals(
        patients - rejected + newborns + children + certificates + 2 * registrations + exams,
        total("Patient?_profile=" + FhirSystems.MCH_PATIENT_PROFILE + "&_tag:not=" + PERSON_TAG));
    assertEquals(newborns, total("RelatedPerson?_profile=" + FhirSystems.MCH_MOTHER_OF_CHILD_PROFILE));
    assertEquals(newborns + children + certificates, total("RelatedPerson?relationship=" + FhirSystems.V3_ROLE_CODE + "|MTH"));
    assertEquals(fathers, total("RelatedPerson?relationship=" + FhirSystems.V3_ROLE_CODE + "|FTH"));
    assertEquals(registrations, total("RelatedPerson?relationship=" + FhirSystems.V3_ROLE_CODE + "|HUSB"));
    assertEquals(registrations, total("RelatedPerson?relationship=" + FhirSystems.V3_ROLE_CODE + "|WIFE"));
    assertEquals(newborns + children + certificates + fathers + 2 * registrations, total("RelatedPerson"));
    // A rejected woman's other records still reference her: the server holds a placeholder for her
    // until the hospital fixes her record, which then fills the placeholder. Nothing else is one.
    long placeholders = total("Patient") - total("Patient?_profile=" + FhirSystems.MCH_PATIENT_PROFILE);
    assertTrue(placeholders > 0 && placeholders <= rejected, placeholders + " placeholders for " + rejected + " rejected");
  }

  @Test
  void everyBookingIsAnEpisodeOfCareAndEveryDeliveryAProcedure() throws SQLException {
    long booked = count(SyntheticSources.TRUTH, "select count(*) from pregnancy where booking_date is not null");
    long caesareans = count(SyntheticSources.TRUTH, "select count(*) from pregnancy where mode = 'CAESAREAN'");
    long deliveries = count(SyntheticSources.TRUTH, "select count(*) from pregnancy where delivery_time is not null");

    assertEquals(booked, count(SyntheticSources.TRUTH, "select count(*) from source_record where entity = 'booking'"));
    assertEquals(booked, total("EpisodeOfCare"));
    assertEquals(deliveries, total("Procedure"));
    assertTrue(caesareans > 0);
    assertEquals(caesareans, total("Procedure?code=" + FhirSystems.SNOMED + "|11466000"));
  }

  @Test
  void riskColoursLabResultsAndConditionsMatchTheSourceRows() throws SQLException {
    long colours =
        count(SyntheticSources.HOSPITAL_A, "select count(*) + count(*) filter (where infectious and colour <> 'purple') from risk_assessment")
            + count(SyntheticSources.HOSPITAL_B, "select count(*) from fy_gwpg");
    long purple =
        count(SyntheticSources.HOSPITAL_A, "select count(*) filter (where infectious) from risk_assessment")
            + count(SyntheticSources.HOSPITAL_B, "select count(*) from fy_gwpg where ysdm = '5'");
    long labs =
        count(SyntheticSources.HOSPITAL_A, "select count(*) from lab_result")
            + count(SyntheticSources.HOSPITAL_B, "select count(*) from lis_jyjg")
            - count(SyntheticSources.TRUTH, "select count(*) from rejection where entity = 'lab-result'");
    long hiv =
        count(SyntheticSources.HOSPITAL_A, "select count(*) from lab_result where item_code = 'HIV'")
            + count(SyntheticSources.HOSPITAL_B, "select count(*) from lis_jyjg where xmdm = 'L101'");
    long conditions =
        count(SyntheticSources.HOSPITAL_A,
                "select (select count(distinct (booking_no, trim(f))) from risk_assessment, unnest(string_to_array(factors, ';')) f where trim(f) <> '')"
                    + " + (select count(distinct (delivery_no, trim(f))) from delivery_record, unnest(string_to_array(complications, ';')) f where trim(f) <> '')")
            + count(SyntheticSources.HOSPITAL_B,
                "select (select count(distinct (jcid, trim(f))) from fy_gwpg, unnest(string_to_array(gwys, '、')) f where trim(f) <> '')"
                    + " + (select count(distinct (fmid, trim(f))) from fy_fmjl, unnest(string_to_array(bfz, '、')) f where trim(f) <> '')");

    String colour = FhirSystems.MCH_OBSERVATION + "|pregnancy-risk-colour";
    assertEquals(colours, total("Observation?code=" + colour));
    assertTrue(purple > 0);
    assertEquals(purple, total("Observation?code=" + colour + "&value-concept=" + FhirSystems.PLATFORM_BASE + "/CodeSystem/pregnancy-risk-colour|purple"));
    assertEquals(purple, total("Observation?code=" + colour + "&_security=" + FhirSystems.V3_CONFIDENTIALITY + "|R"));
    assertEquals(labs, total("Observation?category=laboratory"));
    assertEquals(hiv, total("Observation?code=" + FhirSystems.LOINC + "|7918-6&_security=" + FhirSystems.V3_ACT_CODE + "|HIV"));
    assertEquals(conditions, total("Condition"));
  }

  @Test
  void newbornScreeningAndCheckUpMeasurementsMatchTheChildHealthRows() throws SQLException {
    assertEquals(count(SyntheticSources.CHILD_HEALTH, "select count(hearing_left) from newborn_screening"),
        total("Observation?code=" + FhirSystems.LOINC + "|54109-4"));
    assertEquals(count(SyntheticSources.CHILD_HEALTH, "select count(cchd) from newborn_screening where cchd = 'positive'"),
        total("Observation?code=" + FhirSystems.LOINC + "|73700-7&value-concept=" + FhirSystems.PLATFORM_BASE + "/CodeSystem/screening-result|positive"));
    assertEquals(count(SyntheticSources.CHILD_HEALTH, "select count(head_circ_cm) from checkup"),
        total("Observation?code=" + FhirSystems.LOINC + "|9843-4"));
    assertEquals(count(SyntheticSources.MARRIAGE_REGISTRY, "select count(*) from premarital_exam"),
        total("Observation?code=" + FhirSystems.MCH_OBSERVATION + "|premarital-exam-conclusion"));
    assertEquals(List.of(), qualityReport(), "every local code of the demo sources is in its code map");
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
      // The registries hold the same person too (one source Patient per source record, and her
      // person record); hospital A's source record is among them, under the 18-digit form.
      String hospitalA = FhirSystems.sourceIdentifier("hospital-a", "patient-no");
      assertEquals(1, found.getEntry().stream()
          .map(e -> (Patient) e.getResource())
          .filter(p -> !Persons.isPerson(p))
          .filter(p -> p.getIdentifier().stream().anyMatch(i -> hospitalA.equals(i.getSystem())))
          .count());
    }
  }

  @Test
  void personLinkageAgainstTheTruth() throws SQLException {
    Map<String, String> personOfRecord = new HashMap<>();
    for (Patient person : allPersons()) {
      person.getLink().forEach(l -> personOfRecord.put(l.getOther().getReferenceElement().getIdPart(), person.getIdPart()));
    }
    ResourceIds ids = new ResourceIds(SECRET.getBytes(StandardCharsets.UTF_8));
    // Every accepted source record of a person, with the true person and the person record it is in.
    LinkageScore score = new LinkageScore();
    for (String row : strings(SyntheticSources.TRUTH,
        "select r.source || '|' || r.entity || '|' || r.source_key || '|' || r.person_id from source_record r"
            + " where r.entity in ('patient', 'newborn', 'child', 'birth-certificate', 'marriage', 'divorce', 'premarital-exam')"
            + " and not exists (select 1 from rejection j where j.source = r.source and j.entity = r.entity"
            + " and j.source_key = r.source_key)")) {
      String[] f = row.split("\\|");
      String part = f[1].equals("marriage") || f[1].equals("divorce") ? "wife" : "";
      String person = personOfRecord.get(ids.id(new SourceKey(f[0], f[1], f[2]), "Patient", part));
      assertTrue(person != null, "every accepted record is in a person record: " + f[0] + "/" + f[1]);
      score.add(person, f[3]);
    }
    System.out.println(score.describe("S"));
    assertTrue(score.precision() >= 0.999, "precision " + score.precision());
    assertTrue(score.recall() >= 0.99, "recall " + score.recall());
    assertEquals(0, score.mixedPersons(), "no person record holds two true persons (twins included)");
  }

  @Test
  void everyMothersLifelongRecordHoldsHerChildren() throws SQLException {
    Map<String, String> truePersonOfPerson = new HashMap<>();
    Map<String, String> personOfTruePerson = new HashMap<>();
    ResourceIds ids = new ResourceIds(SECRET.getBytes(StandardCharsets.UTF_8));
    Map<String, String> personOfRecord = new HashMap<>();
    for (Patient person : allPersons()) {
      person.getLink().forEach(l -> personOfRecord.put(l.getOther().getReferenceElement().getIdPart(), person.getIdPart()));
    }
    for (String row : strings(SyntheticSources.TRUTH,
        "select r.source || '|' || r.entity || '|' || r.source_key || '|' || r.person_id from source_record r"
            + " where r.entity in ('patient', 'newborn', 'child', 'birth-certificate')"
            + " and not exists (select 1 from rejection j where j.source = r.source and j.entity = r.entity"
            + " and j.source_key = r.source_key)")) {
      String[] f = row.split("\\|");
      String person = personOfRecord.get(ids.id(new SourceKey(f[0], f[1], f[2]), "Patient"));
      truePersonOfPerson.put(person, f[3]);
      personOfTruePerson.put(f[3], person);
    }
    Map<String, Set<String>> expected = new HashMap<>();
    for (String link : strings(SyntheticSources.TRUTH,
        "select from_person || '|' || to_person from link where kind = 'mother-child'")) {
      String[] f = link.split("\\|");
      // A mother whose every hospital record was rejected has no record to hold her children.
      if (personOfTruePerson.containsKey(f[0]) && personOfTruePerson.containsKey(f[1])) {
        expected.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
      }
    }
    assertTrue(expected.size() > 100, expected.size() + " mothers");
    long started = System.nanoTime();
    for (var mother : expected.entrySet()) {
      Bundle record = fhir.operation().onInstance("Patient/" + personOfTruePerson.get(mother.getKey()))
          .named("$lifelong-record").withNoParameters(Parameters.class).useHttpGet().returnResourceType(Bundle.class)
          .execute();
      assertEquals(Bundle.BundleType.DOCUMENT, record.getType());
      Composition composition = (Composition) record.getEntryFirstRep().getResource();
      Set<String> children = composition.getSection().stream()
          .filter(section -> section.getTitle().startsWith("Child born"))
          .map(section -> truePersonOfPerson.get(section.getEntryFirstRep().getReferenceElement().getIdPart()))
          .collect(Collectors.toSet());
      assertEquals(mother.getValue(), children, "children in the lifelong record of a mother");
    }
    System.out.printf("Lifelong records of %d mothers hold all %d of their children (%d ms per record)%n",
        expected.size(), expected.values().stream().mapToInt(Set::size).sum(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) / expected.size());
  }

  private static List<Patient> allPersons() {
    List<Patient> persons = new ArrayList<>();
    Bundle page = fhir.search().byUrl("Patient?_tag=" + PERSON_TAG + "&_count=500").returnBundle(Bundle.class).execute();
    while (page != null) {
      page.getEntry().forEach(e -> persons.add((Patient) e.getResource()));
      page = page.getLink(Bundle.LINK_NEXT) != null ? fhir.loadPage().next(page).execute() : null;
    }
    return persons;
  }

  private static List<String> qualityReport() throws SQLException {
    return List.copyOf(strings(Platform.INGEST_DATABASE, "select source || '/' || field || '/' || reason from ingest_quality_issue"));
  }

  /** The server's total for a search, e.g. {@code Observation?code=...}. */
  private static long total(String search) {
    String url = search.contains("?") ? search + "&_summary=count" : search + "?_summary=count";
    return fhir.search().byUrl(url).returnBundle(Bundle.class).execute().getTotal();
  }

  private static long count(String database, String query) throws SQLException {
    return Long.parseLong(strings(database, query).iterator().next());
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
