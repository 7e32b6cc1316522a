package cn.mch.server.person;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.identity.Persons;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Composition.SectionComponent;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code Patient/{id}/$lifelong-record}: a person's whole record as a FHIR document Bundle, in the
 * order of her life. A Composition with sections: premarital examination, marriage and family, one
 * section per pregnancy (the EpisodeOfCare, its visits, risk colours, results, delivery and
 * postpartum visits, by date), other care, and one section per child (birth, screening,
 * check-ups). For a child, a last section holds the mother's pregnancy and delivery the child was
 * born of. The id may be a person record's or any of its source records'.
 */
public class LifelongRecord {

  private static final String SUMMARY_LOINC = "60591-5";
  /** In the order things happened; ties (and records that say no date) by id. */
  private static final Comparator<Resource> IN_TIME =
      Comparator.comparing(LifelongRecord::date).thenComparing(LifelongRecord::key);

  private final DaoRegistry daos;

  public LifelongRecord(DaoRegistry daos) {
    this.daos = daos;
  }

  @Operation(name = "$lifelong-record", idempotent = true, type = Patient.class)
  public Bundle lifelongRecord(@IdParam IdType id, RequestDetails request) {
    Patient person = person(id.getIdPart());
    Bundle document = new Bundle();
    document.setType(Bundle.BundleType.DOCUMENT);
    document.getIdentifier().setSystem(FhirSystems.PLATFORM_BASE + "/lifelong-record").setValue(person.getIdPart() + "-" + System.currentTimeMillis());
    document.setTimestamp(new Date());
    Composition composition = new Composition();
    composition.setId("lifelong-record-" + person.getIdPart());
    composition.setStatus(Composition.CompositionStatus.FINAL);
    composition.setType(new CodeableConcept().addCoding(
        new org.hl7.fhir.r4.model.Coding(FhirSystems.LOINC, SUMMARY_LOINC, "Patient summary Document")));
    composition.setSubject(reference(person));
    composition.setDate(document.getTimestamp());
    composition.addAuthor().setDisplay("MCH record platform");
    composition.setTitle("Lifelong maternal and child health record");
    Map<String, Resource> included = new LinkedHashMap<>();
    included.put(key(person), person);

    Care care = care(members(person));
    section(composition, included, "Premarital examination", care.premarital);
    section(composition, included, "Marriage and family", care.family);
    for (EpisodeOfCare pregnancy : care.pregnancies.keySet()) {
      List<Resource> entries = new ArrayList<>(List.of(pregnancy));
      entries.addAll(sorted(care.pregnancies.get(pregnancy)));
      section(composition, included, "Pregnancy from " + date(pregnancy), entries);
    }
    section(composition, included, "Other care", sorted(care.other));
    for (Patient child : children(person, care)) {
      List<Resource> entries = new ArrayList<>(List.of(child));
      entries.addAll(sorted(care(members(child)).all()));
      section(composition, included, "Child born " + child.getBirthDateElement().getValueAsString(), entries);
    }
    List<Resource> bornOf = bornOf(care);
    section(composition, included, "Pregnancy and delivery the child was born of", bornOf);

    String base = request.getFhirServerBase();
    document.addEntry().setFullUrl(base + "/Composition/" + composition.getId()).setResource(composition);
    included.values().forEach(r -> document.addEntry().setFullUrl(base + "/" + key(r)).setResource(r));
    return document;
  }

  /** What the records of one person hold, sorted by kind. */
  private static final class Care {
    final List<Resource> premarital = new ArrayList<>();
    final List<Resource> family = new ArrayList<>();
    final Map<EpisodeOfCare, List<Resource>> pregnancies = new LinkedHashMap<>();
    final List<Resource> other = new ArrayList<>();
    final List<Encounter> deliveries = new ArrayList<>();
    final List<Encounter> births = new ArrayList<>();

    List<Resource> all() {
      List<Resource> all = new ArrayList<>(premarital);
      all.addAll(family);
      pregnancies.forEach((episode, entries) -> {
        all.add(episode);
        all.addAll(entries);
      });
      all.addAll(other);
      return all;
    }
  }

  private Care care(List<String> members) {
    Care care = new Care();
    Map<String, EpisodeOfCare> episodes = new LinkedHashMap<>();
    Map<String, String> encounterEpisode = new LinkedHashMap<>();
    List<Resource> clinical = new ArrayList<>();
    // One search per kind of record for all of the person's source records together.
    search("EpisodeOfCare", "patient", members).forEach(r -> episodes.put(key(r), (EpisodeOfCare) r));
    care.family.addAll(sorted(search("RelatedPerson", "patient", members)));
    for (Resource r : search("Encounter", "subject", members)) {
      Encounter encounter = (Encounter) r;
      if (hasType(encounter, "premarital-exam")) {
        care.premarital.add(encounter);
      } else {
        clinical.add(encounter);
      }
      if (hasType(encounter, "delivery-admission")) {
        care.deliveries.add(encounter);
      }
      if (hasType(encounter, "birth")) {
        care.births.add(encounter);
      }
      if (encounter.hasEpisodeOfCare()) {
        encounterEpisode.put(key(encounter), encounter.getEpisodeOfCareFirstRep().getReference());
      }
    }
    for (String type : List.of("Observation", "Condition", "Procedure")) {
      clinical.addAll(search(type, "subject", members));
    }
    episodes.values().stream().sorted(IN_TIME)
        .forEach(e -> care.pregnancies.put(e, new ArrayList<>()));
    for (Resource r : clinical) {
      String episode = episodeOf(r, encounterEpisode);
      // A result that names no pregnancy (a lab test, say) belongs to the one it was taken in.
      Optional<EpisodeOfCare> pregnancy = episode != null
          ? Optional.ofNullable(episodes.get(episode))
          : care.pregnancies.keySet().stream().filter(e -> within(date(r), e)).findFirst();
      if (pregnancy.isPresent()) {
        care.pregnancies.get(pregnancy.get()).add(r);
      } else if (care.premarital.stream().anyMatch(e -> encounterOf(r).equals(key(e)))) {
        care.premarital.add(r);
      } else {
        care.other.add(r);
      }
    }
    care.premarital.sort(IN_TIME);
    care.deliveries.sort(IN_TIME);
    care.births.sort(IN_TIME);
    return care;
  }

  /**
   * This woman's children, each by its person record: those born in her deliveries (the birth
   * Encounter is {@code partOf} the delivery) and those whose records name her as mother by her
   * resident ID (birth certificate, child health).
   */
  private List<Patient> children(Patient person, Care care) {
    List<String> childRecords = new ArrayList<>();
    if (!care.deliveries.isEmpty()) {
      for (Resource birth : sorted(search("Encounter", "part-of", care.deliveries.stream().map(LifelongRecord::key).toList()))) {
        childRecords.add(((Encounter) birth).getSubject().getReference());
      }
    }
    for (var identifier : person.getIdentifier()) {
      if (!FhirSystems.RESIDENT_ID.equals(identifier.getSystem())) {
        continue;
      }
      SearchParameterMap map = AllResults.search(
          "identifier", new TokenParam(identifier.getSystem(), identifier.getValue()));
      map.add("relationship", new TokenParam(FhirSystems.V3_ROLE_CODE, "MTH"));
      dao("RelatedPerson").search(map, new SystemRequestDetails()).getAllResources().stream()
          .map(Resource.class::cast).sorted(Comparator.comparing(LifelongRecord::key))
          .forEach(r -> childRecords.add(((RelatedPerson) r).getPatient().getReference()));
    }
    Map<String, Patient> personOfRecord = personsOf(childRecords);
    Map<String, Patient> children = new LinkedHashMap<>();
    for (String child : childRecords) {
      Patient p = personOfRecord.get(patientReference(child));
      if (p != null) {
        children.putIfAbsent(key(p), p);
      }
    }
    return children.values().stream().sorted(IN_TIME).toList();
  }

  /** For a child: the delivery admission it was born in, its pregnancy and what was done there. */
  private List<Resource> bornOf(Care care) {
    List<Resource> entries = new ArrayList<>();
    for (Encounter birth : care.births) {
      if (!birth.hasPartOf()) {
        continue;
      }
      Encounter delivery = (Encounter) read(birth.getPartOf().getReference());
      if (delivery == null) {
        continue;
      }
      if (delivery.hasEpisodeOfCare()) {
        Optional.ofNullable(read(delivery.getEpisodeOfCareFirstRep().getReference())).ifPresent(entries::add);
      }
      entries.add(delivery);
      for (String type : List.of("Procedure", "Observation", "Condition")) {
        entries.addAll(search(type, "encounter", key(delivery)));
      }
    }
    return entries;
  }

  private Patient person(String id) {
    Patient patient = (Patient) read("Patient/" + id);
    if (patient == null) {
      throw new ResourceNotFoundException(new IdType("Patient", id));
    }
    return Persons.isPerson(patient) ? patient : personsOf(List.of(id)).getOrDefault(patientReference(id), patient);
  }

  /** The person record of each of these source records that has one, by {@code Patient/id}. */
  private Map<String, Patient> personsOf(List<String> sourceRecords) {
    Map<String, Patient> persons = new LinkedHashMap<>();
    if (sourceRecords.isEmpty()) {
      return persons;
    }
    SearchParameterMap map = AllResults.search();
    map.add("link", anyOf(sourceRecords.stream().map(LifelongRecord::patientReference).distinct().toList()));
    map.add("_tag", new TokenParam(FhirSystems.MCH_TAG, Persons.PERSON_TAG));
    dao("Patient").search(map, new SystemRequestDetails()).getAllResources().stream().map(Patient.class::cast)
        .sorted(Comparator.comparing(LifelongRecord::key))
        .forEach(p -> p.getLink().forEach(l -> persons.putIfAbsent(l.getOther().getReference(), p)));
    return persons;
  }

  /** The source records of a person (itself when it is a source record without a person yet). */
  private static List<String> members(Patient person) {
    if (!Persons.isPerson(person)) {
      return List.of("Patient/" + person.getIdPart());
    }
    return person.getLink().stream().map(l -> l.getOther().getReference()).toList();
  }

  private void section(Composition composition, Map<String, Resource> included, String title, List<Resource> entries) {
    if (entries.isEmpty()) {
      return;
    }
    SectionComponent section = composition.addSection().setTitle(title);
    for (Resource entry : entries) {
      included.putIfAbsent(key(entry), entry);
      section.addEntry(new Reference(key(entry)));
    }
  }

  private List<Resource> search(String type, String parameter, String reference) {
    return search(type, parameter, List.of(reference));
  }

  /** What refers to any of these by the parameter, in one search. */
  private List<Resource> search(String type, String parameter, List<String> references) {
    SearchParameterMap map = AllResults.search();
    map.add(parameter, anyOf(references));
    return dao(type).search(map, new SystemRequestDetails()).getAllResources().stream().map(Resource.class::cast).toList();
  }

  /** {@code Patient/id} of a reference or a bare id (absolute or versioned references included). */
  private static String patientReference(String reference) {
    return "Patient/" + new IdType(reference).getIdPart();
  }

  private static ReferenceOrListParam anyOf(List<String> references) {
    ReferenceOrListParam any = new ReferenceOrListParam();
    references.forEach(r -> any.addOr(new ReferenceParam(r)));
    return any;
  }

  private Resource read(String reference) {
    IdType id = new IdType(reference);
    try {
      return (Resource) dao(id.getResourceType()).read(id, new SystemRequestDetails());
    } catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private IFhirResourceDao<IBaseResource> dao(String type) {
    return (IFhirResourceDao<IBaseResource>) daos.getResourceDao(type);
  }

  private static String episodeOf(Resource r, Map<String, String> encounterEpisode) {
    if (r instanceof Encounter e && e.hasEpisodeOfCare()) {
      return e.getEpisodeOfCareFirstRep().getReference();
    }
    var extension = r instanceof org.hl7.fhir.r4.model.DomainResource d ? d.getExtensionByUrl(FhirSystems.WORKFLOW_EPISODE_OF_CARE) : null;
    if (extension != null) {
      return ((Reference) extension.getValue()).getReference();
    }
    return encounterEpisode.get(encounterOf(r));
  }

  private static boolean within(String when, EpisodeOfCare episode) {
    String start = episode.getPeriod().getStartElement().getValueAsString();
    String end = episode.getPeriod().getEndElement().getValueAsString();
    return !when.isEmpty() && start != null && when.compareTo(start) >= 0
        && (end == null || when.substring(0, Math.min(when.length(), end.length())).compareTo(end) <= 0);
  }

  private static String encounterOf(Resource r) {
    Reference encounter = null;
    if (r instanceof Observation o) {
      encounter = o.getEncounter();
    } else if (r instanceof Condition c) {
      encounter = c.getEncounter();
    } else if (r instanceof Procedure p) {
      encounter = p.getEncounter();
    }
    return encounter == null || !encounter.hasReference() ? "" : encounter.getReference();
  }

  private static boolean hasType(Encounter encounter, String code) {
    return encounter.getType().stream().anyMatch(t -> t.hasCoding(FhirSystems.MCH_ENCOUNTER_TYPE, code));
  }

  private static List<Resource> sorted(List<Resource> resources) {
    return resources.stream().sorted(IN_TIME).toList();
  }

  /** When a resource happened, as ISO text (sorts as time); "" when it says nothing. */
  private static String date(Resource r) {
    String when = null;
    if (r instanceof EpisodeOfCare e) {
      when = e.getPeriod().getStartElement().getValueAsString();
    } else if (r instanceof Encounter e) {
      when = e.getPeriod().getStartElement().getValueAsString();
    } else if (r instanceof Observation o && o.hasEffective()) {
      when = o.getEffective() instanceof org.hl7.fhir.r4.model.Period period
          ? period.getStartElement().getValueAsString() : o.getEffective().primitiveValue();
    } else if (r instanceof Condition c) {
      when = c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType().getValueAsString() : c.getRecordedDateElement().getValueAsString();
    } else if (r instanceof Procedure p && p.hasPerformed()) {
      when = p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType().getValueAsString()
          : p.getPerformedPeriod().getStartElement().getValueAsString();
    } else if (r instanceof Patient p) {
      when = p.getBirthDateElement().getValueAsString();
    }
    return when == null ? "" : when;
  }

  private static String key(Resource r) {
    return r.fhirType() + "/" + r.getIdElement().getIdPart();
  }

  private static Reference reference(Patient p) {
    return new Reference("Patient/" + p.getIdPart());
  }
}
