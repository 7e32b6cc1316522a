package cn.mch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.ResourceIds;
import cn.mch.mappings.identity.ChineseNames;
import cn.mch.mappings.identity.LinkageKeys;
import cn.mch.mappings.identity.Persons;
import cn.mch.mappings.identity.ResidentId;
import cn.mch.server.person.PersonLinkage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Source Patients of one person, from any source and in any order, become one person record. */
class PersonLinkageIT {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final ResourceIds IDS = new ResourceIds("person-linkage-it-secret".getBytes(StandardCharsets.UTF_8));
  private static final String PERSON_TAG = FhirSystems.MCH_TAG + "|" + Persons.PERSON_TAG;

  @TempDir static Path dataDirectory;
  private static ConfigurableApplicationContext server;
  private static IGenericClient client;

  @BeforeAll
  static void start() {
    server = new SpringApplicationBuilder(FhirServerApplication.class)
        // Two workers (one is the default), so that linking side by side is tested too.
        .run("--server.port=0", "--mch.embedded-postgres.data-directory=" + dataDirectory.resolve("postgres"),
            "--mch.fhir.linkage-workers=2");
    int port = ((WebServerApplicationContext) server).getWebServer().getPort();
    client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void womanKnownToTwoHospitalsAndTheMarriageRegistryIsOnePerson() throws Exception {
    String rid = "310104199203150020";
    write(source("ha-w1", "hospital-a", "A1", "张丽", AdministrativeGender.FEMALE, rid(rid)));
    write(source("hb-w1", "hospital-b", "B1", "張麗", AdministrativeGender.FEMALE, rid(rid)));
    write(source("mr-w1", "marriage-registry", "M1", "张丽", AdministrativeGender.FEMALE, rid(rid)));

    List<Patient> persons = persons("identifier=" + FhirSystems.RESIDENT_ID + "|" + rid);

    assertEquals(1, persons.size());
    assertEquals(Set.of("Patient/ha-w1", "Patient/hb-w1", "Patient/mr-w1"), links(persons.get(0)));
    // $everything still works on a source record and on the person record.
    for (String id : List.of("ha-w1", persons.get(0).getIdPart())) {
      Bundle everything = client.operation().onInstance("Patient/" + id).named("$everything")
          .withNoParameters(Parameters.class).returnResourceType(Bundle.class).execute();
      assertTrue(everything.getEntry().stream().anyMatch(e -> e.getResource().getIdElement().getIdPart().equals(id)));
    }
  }

  @Test
  void newbornCertificateAndChildHealthRecordsBecomeOneChildInEitherOrder() throws Exception {
    // Family 1 arrives hospital first; family 2 registry first. Each child: the hospital's newborn
    // record (birth-event key), the birth certificate (certificate number + birth-event key) and the
    // child-health record (certificate number + the child's own resident ID, once registered).
    List<Patient> first = child("f1", "110105199001010029", "Q110000001", "11010520240102001X");
    List<Patient> second = child("f2", "110105199102020023", "Q110000002", "110105202402030017");
    for (Patient record : first) {
      write(record);
    }
    for (int i = second.size() - 1; i >= 0; i--) {
      write(second.get(i));
    }

    for (List<Patient> records : List.of(first, second)) {
      Set<String> references =
          records.stream().map(r -> "Patient/" + r.getIdElement().getIdPart()).collect(Collectors.toSet());
      for (String record : references) {
        // Exactly one person links each record: those made while the family was incomplete are gone.
        List<Patient> persons = persons("link=" + record);
        assertEquals(1, persons.size(), "persons linking " + record);
        assertEquals(references, links(persons.get(0)));
        // Named after the record with the child's resident ID, whatever came first.
        assertEquals(Persons.personId(records), persons.get(0).getIdElement().getIdPart());
      }
    }
  }

  @Test
  void twinsAreNeverOnePerson() throws Exception {
    String mother = "320102198805050021";
    Instant born = Instant.parse("2024-06-01T02:10:00Z");
    write(newborn("tw-n1", "T-1", mother, born, AdministrativeGender.FEMALE));
    write(newborn("tw-n2", "T-2", mother, born.plusSeconds(4 * 60), AdministrativeGender.FEMALE));
    write(certificate("tw-c1", "Q320000001", "王一", mother, born, AdministrativeGender.FEMALE));
    write(certificate("tw-c2", "Q320000002", "王二", mother, born.plusSeconds(4 * 60), AdministrativeGender.FEMALE));

    assertEquals(Set.of("Patient/tw-n1", "Patient/tw-c1"), links(persons("link=Patient/tw-n1").get(0)));
    assertEquals(Set.of("Patient/tw-n2", "Patient/tw-c2"), links(persons("link=Patient/tw-n2").get(0)));
  }

  @Test
  void rewritingTheSameRecordsChangesNoPerson() throws Exception {
    String rid = "440103198512120042";
    Patient a = source("rw-a", "hospital-a", "A9", "陈静", AdministrativeGender.FEMALE, rid(rid));
    Patient b = source("rw-b", "marriage-registry", "M9", "陈静", AdministrativeGender.FEMALE, rid(rid));
    write(a);
    write(b);
    Patient person = persons("link=Patient/rw-a").get(0);

    write(b);
    write(a);

    Patient again = persons("link=Patient/rw-a").get(0);
    assertEquals(person.getIdElement().getIdPart(), again.getIdElement().getIdPart());
    assertEquals(person.getMeta().getVersionId(), again.getMeta().getVersionId());
  }

  @Test
  void linkAllQueuesEverySourcePatientNotOnlyTheFirstPage() throws Exception {
    for (int from = 0; from < 620; from += 124) {
      Bundle batch = new Bundle().setType(Bundle.BundleType.TRANSACTION);
      for (int i = from; i < from + 124; i++) {
        Patient patient = source("all-" + i, "hospital-b", "ALL" + i, null, AdministrativeGender.FEMALE);
        batch.addEntry().setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/all-" + i);
      }
      client.transaction().withBundle(batch).execute();
    }
    PersonLinkage linkage = server.getBean(PersonLinkage.class);
    linkage.awaitIdle(Duration.ofMinutes(2));
    long unchanged = linkage.unchanged();

    Parameters out = client.operation().onServer().named("$mch-link-all").withNoParameters(Parameters.class).execute();
    linkage.awaitIdle(Duration.ofMinutes(2));

    int queued = ((org.hl7.fhir.r4.model.IntegerType) out.getParameter("queued").getValue()).getValue();
    Bundle sources = client.search().byUrl("Patient?_tag:not=" + PERSON_TAG + "&_summary=count")
        .cacheControl(new CacheControlDirective().setNoCache(true)).returnBundle(Bundle.class).execute();
    assertTrue(queued >= 620, "queued " + queued);
    assertEquals(sources.getTotal(), queued);
    // A client paging through a search gets every match too, not only the first 500.
    int paged = 0;
    Bundle page = client.search().byUrl("Patient?_tag:not=" + PERSON_TAG + "&_count=200")
        .cacheControl(new CacheControlDirective().setNoCache(true)).returnBundle(Bundle.class).execute();
    while (true) {
      paged += page.getEntry().size();
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      page = client.loadPage().next(page).execute();
    }
    assertEquals(sources.getTotal(), paged);
    // Nothing changed since they were linked, so no person record is written again.
    assertTrue(linkage.unchanged() - unchanged >= 620, "unchanged " + (linkage.unchanged() - unchanged));
    assertEquals(1, persons("link=Patient/all-619").size());
  }

  @Test
  void aRecordThatLeavesItsClusterWhenTheAnchorIsCorrectedGetsItsOwnPerson() throws Exception {
    // The hospital's record is the anchor (same key strength, smaller id): the person record is
    // named after it, and stays so when its correction leaves the registry's record behind.
    Patient anchor = source("lv-a", "hospital-a", "A7", null, AdministrativeGender.FEMALE, rid("330102198707070020"));
    Patient other = source("lv-b", "marriage-registry", "M7", null, AdministrativeGender.FEMALE, rid("330102198707070020"));
    write(anchor);
    write(other);
    assertEquals(Set.of("Patient/lv-a", "Patient/lv-b"), links(persons("link=Patient/lv-b").get(0)));

    anchor.getIdentifier().get(1).setValue("330102198707070047");
    write(anchor);

    assertEquals(Set.of("Patient/lv-a"), links(persons("link=Patient/lv-a").get(0)));
    List<Patient> ofOther = persons("link=Patient/lv-b");
    assertEquals(1, ofOther.size(), "the registry's record has a person record of its own");
    assertEquals(Set.of("Patient/lv-b"), links(ofOther.get(0)));
  }

  @Test
  void womenWrittenAllAtOnceFromFourClientsAreLinkedRightByWorkersSideBySide() throws Exception {
    PersonLinkage linkage = server.getBean(PersonLinkage.class);
    assertTrue(linkage.workers() > 1, "this test is about workers side by side");
    List<Patient> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String first17 = String.format("33010619900101%03d", i * 2);
      Identifier rid = rid(first17 + ResidentId.checkCharacter(first17));
      records.add(source("cc-a" + i, "hospital-a", "CA" + i, null, AdministrativeGender.FEMALE, rid));
      records.add(source("cc-b" + i, "hospital-b", "CB" + i, null, AdministrativeGender.FEMALE, rid.copy()));
      records.add(source("cc-m" + i, "marriage-registry", "CM" + i, null, AdministrativeGender.FEMALE, rid.copy()));
    }
    Collections.shuffle(records, new Random(7));
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (Patient record : records) {
        writes.add(clients.submit(() -> client.update().resource(record).execute()));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      clients.shutdown();
    }
    linkage.awaitIdle(Duration.ofMinutes(2));

    for (int i = 0; i < 40; i++) {
      List<Patient> persons = persons("link=Patient/cc-a" + i);
      assertEquals(1, persons.size(), "persons linking woman " + i + "'s hospital record");
      assertEquals(Set.of("Patient/cc-a" + i, "Patient/cc-b" + i, "Patient/cc-m" + i), links(persons.get(0)));
      assertEquals(1, persons("link=Patient/cc-m" + i).size(), "persons linking woman " + i + "'s registry record");
    }
  }

  @Test
  void findsAPersonByEitherScriptByFamilyOrGivenNameAndByPinyin() throws Exception {
    String rid = "330106199005060020";
    write(source("ns-b", "hospital-b", "B77", "歐陽娜娜", AdministrativeGender.FEMALE, rid(rid)));

    for (String query : List.of("name=欧阳娜娜", "name=歐陽娜娜", "family=欧阳", "given=娜娜", "name=ouyang%20nana",
        "pinyin=ouyangnana", "pinyin=Ouyang%20Nana", "pinyin=ōuyáng")) {
      List<Patient> found = persons(query + "&identifier=" + FhirSystems.RESIDENT_ID + "|" + rid);
      assertEquals(1, found.size(), query);
    }
    assertEquals(0, persons("pinyin=zhangli&identifier=" + FhirSystems.RESIDENT_ID + "|" + rid).size());
  }

  @Test
  void sameNameAndBirthDateWithoutIdentifiersIsProposedAndJoinedOnlyWhenAPersonDecides() throws Exception {
    Patient a = source("pm-a", "hospital-a", "A55", "陈国华", AdministrativeGender.MALE);
    Patient b = source("pm-b", "marriage-registry", "M55", "陳國華", AdministrativeGender.MALE);
    a.setBirthDateElement(new DateType("1990-01-01"));
    b.setBirthDateElement(new DateType("1990-01-01"));
    write(a);
    write(b);

    List<Task> proposed = possibleMatches("pm-a");
    assertEquals(1, proposed.size());
    assertEquals(Task.TaskStatus.REQUESTED, proposed.get(0).getStatus());
    assertEquals("Patient/pm-b", proposed.get(0).getFor().getReference());
    assertEquals(Set.of("Patient/pm-a"), links(persons("link=Patient/pm-a").get(0)), "not joined before a decision");

    decide(proposed.get(0), "match");

    assertEquals(Set.of("Patient/pm-a", "Patient/pm-b"), links(persons("link=Patient/pm-a").get(0)));
    assertEquals(1, persons("link=Patient/pm-b").size());
    // Linking again (a source rewrites its record) keeps the decision.
    write(b.setActive(true));
    assertEquals(Task.TaskStatus.COMPLETED, possibleMatches("pm-a").get(0).getStatus());
    assertEquals(Set.of("Patient/pm-a", "Patient/pm-b"), links(persons("link=Patient/pm-a").get(0)));
  }

  @Test
  void aNoMatchDecisionKeepsTwoPersonsAndIsNotAskedAgain() throws Exception {
    Patient a = source("nm-a", "hospital-a", "A66", "张丽", AdministrativeGender.FEMALE);
    Patient b = source("nm-b", "hospital-b", "B66", "章莉", AdministrativeGender.FEMALE);
    a.setBirthDateElement(new DateType("1992-03-15"));
    b.setBirthDateElement(new DateType("1992-03-15"));
    write(a);
    write(b);
    List<Task> proposed = possibleMatches("nm-a");
    assertEquals(1, proposed.size(), "same pinyin and birth date");

    decide(proposed.get(0), "no-match");
    write(a.setActive(true));

    assertEquals(1, possibleMatches("nm-a").size());
    assertEquals(Task.TaskStatus.COMPLETED, possibleMatches("nm-a").get(0).getStatus());
    assertEquals(Set.of("Patient/nm-a"), links(persons("link=Patient/nm-a").get(0)));
    assertEquals(Set.of("Patient/nm-b"), links(persons("link=Patient/nm-b").get(0)));
  }

  @Test
  void newbornWhoseMothersIdIsBadLinksToTheCertificateByMothersNameAndMinute() throws Exception {
    Instant born = Instant.parse("2024-07-07T07:07:00Z");
    Patient newborn = source("mn-newborn", "hospital-b", "X1", null, AdministrativeGender.FEMALE,
        LinkageKeys.birthByMotherName(IDS, "刘芳", born));
    Patient certificate = certificate("mn-cert", "Q440000001", "周小雨", "440103198512120042", born, AdministrativeGender.FEMALE);
    certificate.addIdentifier(LinkageKeys.birthByMotherName(IDS, "劉芳", born));
    for (Patient child : List.of(newborn, certificate)) {
      DateType birthDate = new DateType("2024-07-07");
      birthDate.addExtension(FhirSystems.PATIENT_BIRTH_TIME, new DateTimeType("2024-07-07T15:07:00+08:00"));
      child.setBirthDateElement(birthDate);
    }
    write(newborn);
    write(certificate);

    assertEquals(Set.of("Patient/mn-newborn", "Patient/mn-cert"), links(persons("link=Patient/mn-newborn").get(0)));
  }

  private static List<Task> possibleMatches(String patient) {
    return client.search().byUrl("Task?code=" + FhirSystems.PLATFORM_BASE + "/CodeSystem/mch-task|possible-match&focus=Patient/" + patient)
        .returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Task) e.getResource()).toList();
  }

  @Test
  void aPersonsLifelongRecordHoldsTheCareOfEveryOneOfHerSourceRecordsOnce() throws Exception {
    String rid = "320102199105050046";
    write(source("lr-a", "hospital-a", "LA1", "王芳", AdministrativeGender.FEMALE, rid(rid)));
    write(source("lr-b", "hospital-b", "LB1", "王芳", AdministrativeGender.FEMALE, rid(rid)));
    EpisodeOfCare pregnancy = new EpisodeOfCare();
    pregnancy.setId("lr-pregnancy");
    pregnancy.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE).setPatient(new Reference("Patient/lr-a"))
        .getPeriod().setStartElement(new DateTimeType("2024-01-10"));
    // Booked at hospital A, seen at hospital B, a result at A in the pregnancy that names no episode,
    // and one from before it.
    Encounter visit = new Encounter();
    visit.setId("lr-visit");
    visit.setStatus(Encounter.EncounterStatus.FINISHED).setSubject(new Reference("Patient/lr-b"))
        .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null))
        .addEpisodeOfCare(new Reference("EpisodeOfCare/lr-pregnancy"))
        .getPeriod().setStartElement(new DateTimeType("2024-02-01T09:00:00+08:00"));
    Observation during = observation("lr-during", "Patient/lr-a", "2024-03-01T10:00:00+08:00");
    Observation before = observation("lr-before", "Patient/lr-b", "2023-05-01T10:00:00+08:00");
    for (var resource : List.of(pregnancy, visit, during, before)) {
      client.update().resource(resource).execute();
    }
    String person = persons("link=Patient/lr-a").get(0).getIdPart();

    for (String id : List.of(person, "lr-a", "lr-b")) {
      Bundle record = client.operation().onInstance("Patient/" + id).named("$lifelong-record")
          .withNoParameters(Parameters.class).useHttpGet().returnResourceType(Bundle.class).execute();

      Composition composition = (Composition) record.getEntryFirstRep().getResource();
      assertEquals(List.of("Pregnancy from 2024-01-10", "Other care"),
          composition.getSection().stream().map(Composition.SectionComponent::getTitle).toList(), id);
      assertEquals(List.of("EpisodeOfCare/lr-pregnancy", "Encounter/lr-visit", "Observation/lr-during"),
          entries(composition.getSection().get(0)), id);
      assertEquals(List.of("Observation/lr-before"), entries(composition.getSection().get(1)), id);
      List<String> held = record.getEntry().stream().skip(1)
          .map(e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart()).sorted().toList();
      assertEquals(List.of("Encounter/lr-visit", "EpisodeOfCare/lr-pregnancy", "Observation/lr-before",
          "Observation/lr-during", "Patient/" + person), held, id);
    }
  }

  private static Observation observation(String id, String subject, String when) {
    Observation observation = new Observation();
    observation.setId(id);
    observation.setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference(subject))
        .setEffective(new DateTimeType(when))
        .getCode().addCoding(new Coding("http://loinc.org", "29463-7", "Body weight"));
    return observation;
  }

  private static List<String> entries(Composition.SectionComponent section) {
    return section.getEntry().stream().map(Reference::getReference).toList();
  }

  private static void decide(Task task, String decision) throws Exception {
    client.operation().onInstance("Task/" + task.getIdPart()).named("$mch-decide")
        .withParameter(Parameters.class, "decision", new CodeType(decision)).execute();
    server.getBean(PersonLinkage.class).awaitIdle(Duration.ofMinutes(1));
  }

  private static List<Patient> child(String family, String motherRid, String certNo, String childRid) {
    Instant born = Instant.parse("2024-01-02T03:04:00Z");
    Patient newborn = newborn(family + "-newborn", family + "-N", motherRid, born, AdministrativeGender.MALE);
    Patient certificate = certificate(family + "-cert", certNo, "李思远", motherRid, born, AdministrativeGender.MALE);
    Patient childHealth = source(family + "-child", "child-health", family + "-C", "李思远", AdministrativeGender.MALE,
        rid(childRid), new Identifier().setSystem(FhirSystems.BIRTH_CERTIFICATE).setValue(certNo));
    return List.of(newborn, certificate, childHealth);
  }

  private static Patient newborn(String id, String number, String motherRid, Instant born, AdministrativeGender sex) {
    Patient newborn = source(id, "hospital-a", number, null, sex, LinkageKeys.birthEvent(IDS, motherRid, born));
    newborn.getIdentifier().get(0).setSystem(FhirSystems.sourceIdentifier("hospital-a", "newborn-no"));
    return newborn;
  }

  private static Patient certificate(String id, String certNo, String name, String motherRid, Instant born,
      AdministrativeGender sex) {
    Patient certificate = source(id, "birth-registry", certNo, name, sex, LinkageKeys.birthEvent(IDS, motherRid, born));
    certificate.getIdentifier().get(0).setSystem(FhirSystems.BIRTH_CERTIFICATE);
    return certificate;
  }

  private static Patient source(String id, String source, String number, String name, AdministrativeGender sex,
      Identifier... keys) {
    Patient patient = new Patient();
    patient.setId(id);
    patient.getMeta().addProfile(FhirSystems.MCH_PATIENT_PROFILE);
    patient.addIdentifier().setSystem(FhirSystems.sourceIdentifier(source, "patient-no")).setValue(number);
    for (Identifier key : keys) {
      patient.addIdentifier(key);
    }
    if (name != null) {
      ChineseNames.all(name).forEach(patient::addName);
    }
    patient.setGender(sex);
    return patient;
  }

  private static Identifier rid(String value) {
    return new Identifier().setSystem(FhirSystems.RESIDENT_ID).setValue(value);
  }

  private static void write(Patient patient) throws Exception {
    client.update().resource(patient).execute();
    server.getBean(PersonLinkage.class).awaitIdle(Duration.ofMinutes(1));
  }

  private static List<Patient> persons(String query) {
    // No cached search: a test asks the same question again after a write.
    Bundle found = client.search().byUrl("Patient?_tag=" + PERSON_TAG + "&" + query + "&_count=100")
        .cacheControl(new CacheControlDirective().setNoCache(true))
        .returnBundle(Bundle.class).execute();
    return found.getEntry().stream().map(e -> (Patient) e.getResource()).toList();
  }

  private static Set<String> links(Patient person) {
    return person.getLink().stream().map(l -> l.getOther().getReference()).collect(Collectors.toSet());
  }
}
