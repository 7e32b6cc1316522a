package cn.mch.server.person;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.identity.ChineseNames;
import cn.mch.mappings.identity.Linkage;
import cn.mch.mappings.identity.Persons;
import cn.mch.server.FhirServerApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A drain asks for the candidates of many blocks in one search and sorts the answer out by block:
 * each block must get exactly what the server's own search for that block alone returns.
 */
class LinkageReadsIT {

  private static final String RID = "310104199203150020";

  @TempDir static Path dataDirectory;
  private static ConfigurableApplicationContext server;
  private static IFhirResourceDao<Patient> patients;
  private static DaoRegistry daos;

  @BeforeAll
  static void start() throws Exception {
    server = new SpringApplicationBuilder(FhirServerApplication.class)
        .run("--server.port=0", "--mch.embedded-postgres.data-directory=" + dataDirectory.resolve("postgres"));
    daos = server.getBean(DaoRegistry.class);
    patients = daos.getResourceDao(Patient.class);
    write(patient("lr-simplified", "1992-03-15", RID, ChineseNames.all("张丽")));
    write(patient("lr-traditional", "1992-03-15", RID, ChineseNames.all("張麗")));
    write(patient("lr-other-id", "1992-03-15", "310104199203150039", ChineseNames.all("张丽")));
    write(patient("lr-next-day", "1992-03-16", null, ChineseNames.all("张丽")));
    // Given name the same as the others' whole name: the name search finds it by its given part.
    write(patient("lr-given", "1992-03-15", null, List.of(new HumanName().setText("李张丽").setFamily("李").addGiven("张丽"))));
    write(patient("lr-year-only", "1992", null, ChineseNames.all("张丽")));
    // Pinyin written with capitals: the pinyin index keeps them, so an exact search does not find it.
    HumanName capitals = new HumanName().setText("Zhang Li");
    capitals.addExtension(FhirSystems.NAME_REPRESENTATION, new CodeType("ABC"));
    write(patient("lr-capitals", "1992-03-15", null, List.of(capitals)));
    Patient person = patient("lr-person", "1992-03-15", RID, ChineseNames.all("张丽"));
    person.getMeta().addTag(new Coding(FhirSystems.MCH_TAG, Persons.PERSON_TAG, "Person record"));
    write(person);
    server.getBean(PersonLinkage.class).awaitIdle(Duration.ofMinutes(1));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void candidatesOfManyBlocksInOneSearchAreEachBlocksOwnSearch() {
    Set<Linkage.Block> blocks = new LinkedHashSet<>();
    for (String id : List.of("lr-simplified", "lr-traditional", "lr-other-id", "lr-next-day", "lr-given",
        "lr-year-only", "lr-capitals")) {
      blocks.addAll(Linkage.blocks(patients.read(new org.hl7.fhir.r4.model.IdType("Patient", id), new SystemRequestDetails())));
    }
    blocks.add(new Linkage.ByName("张丽", "1992"));
    blocks.add(new Linkage.ByPinyin("zhangli", "1992"));
    blocks.add(new Linkage.ByIdentifier(FhirSystems.RESIDENT_ID, "110101199001010010"));
    LinkageReads reads = new LinkageReads(patients, new PossibleMatches(daos));

    reads.findCandidates(List.copyOf(blocks));

    int searchesForAll = reads.searches();
    assertTrue(searchesForAll <= 3, "one search per kind of block, not " + searchesForAll);
    List<String> nonEmpty = new ArrayList<>();
    for (Linkage.Block block : blocks) {
      Set<String> own = ownSearch(block);
      assertEquals(own, ids(reads.candidates(block)), block.toString());
      if (!own.isEmpty()) {
        nonEmpty.add(block.toString());
      }
    }
    assertEquals(searchesForAll, reads.searches(), "every block was answered by the searches for all");
    // The cases above are really there: a given name, a whole year, capitals left out, a person left out.
    assertEquals(Set.of("lr-simplified", "lr-traditional", "lr-other-id", "lr-given"),
        ids(reads.candidates(new Linkage.ByName("张丽", "1992-03-15"))));
    assertEquals(Set.of("lr-simplified", "lr-traditional", "lr-other-id", "lr-given", "lr-next-day", "lr-year-only"),
        ids(reads.candidates(new Linkage.ByName("张丽", "1992"))));
    assertFalse(ids(reads.candidates(new Linkage.ByPinyin("zhangli", "1992-03-15"))).contains("lr-capitals"));
    assertTrue(nonEmpty.size() >= 5, nonEmpty.toString());
  }

  @Test
  void aPatientWithTwoPinyinNamesIsStoredAndFoundByEither() throws Exception {
    // A person record holds every name of its records: two readings of a surname give two pinyin
    // names (the pinyin index once failed on them, and the person record was not written).
    List<HumanName> names = new ArrayList<>(ChineseNames.all("张丽"));
    names.addAll(ChineseNames.all("曾丽"));
    assertEquals(2, names.stream().filter(n -> n.hasExtension(FhirSystems.NAME_REPRESENTATION)).count());
    write(patient("lr-two-pinyin", "1980-01-01", null, names));
    server.getBean(PersonLinkage.class).awaitIdle(Duration.ofMinutes(1));
    for (String key : List.of("zhangli", "zengli")) {
      SearchParameterMap search = AllResults.search("pinyin", new StringParam(key, true));
      search.add("birthdate", new DateParam("1980-01-01"));
      List<Patient> found = patients.search(search, new SystemRequestDetails()).getAllResources().stream().map(Patient.class::cast).toList();
      assertTrue(ids(found).contains("lr-two-pinyin"), key + ": " + ids(found));
      assertTrue(found.stream().anyMatch(Persons::isPerson), key + ": its person record is written and found too");
    }
  }

  /** What the server's search for {@code block} alone finds, persons and placeholders left out. */
  private static Set<String> ownSearch(Linkage.Block block) {
    SearchParameterMap search;
    if (block instanceof Linkage.ByIdentifier key) {
      search = AllResults.search("identifier", new TokenParam(key.system(), key.value()));
    } else if (block instanceof Linkage.ByName name) {
      search = AllResults.search("name", new StringParam(name.simplifiedName(), true));
      search.add("birthdate", new DateParam(name.birthDate()));
    } else {
      Linkage.ByPinyin pinyin = (Linkage.ByPinyin) block;
      search = AllResults.search("pinyin", new StringParam(pinyin.pinyinKey(), true));
      search.add("birthdate", new DateParam(pinyin.birthDate()));
    }
    return patients.search(search, new SystemRequestDetails()).getAllResources().stream()
        .map(Patient.class::cast)
        .filter(p -> !Persons.isPerson(p) && !PersonLinkage.isPlaceholder(p))
        .map(p -> p.getIdElement().getIdPart())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> ids(List<Patient> found) {
    return found.stream().map(p -> p.getIdElement().getIdPart()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Patient patient(String id, String birthDate, String rid, List<HumanName> names) {
    Patient patient = new Patient();
    patient.setId(id);
    if (rid != null) {
      patient.addIdentifier().setSystem(FhirSystems.RESIDENT_ID).setValue(rid);
    }
    patient.addIdentifier().setSystem(FhirSystems.sourceIdentifier("hospital-a", "patient-no")).setValue(id);
    names.forEach(patient::addName);
    patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate));
    return patient;
  }

  private static void write(Patient patient) {
    patients.update(patient, new SystemRequestDetails());
  }
}
