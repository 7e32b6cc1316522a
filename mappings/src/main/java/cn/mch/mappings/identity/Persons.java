package cn.mch.mappings.identity;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.ResourceIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Patient.LinkType;
import org.hl7.fhir.r4.model.Reference;

/**
 * The person record: one Patient per real person, made from the source Patients that describe
 * them (a cluster, found by shared linkage keys). Every source Patient stays as its source wrote
 * it; the person record holds the union of their identifiers, names and phones, and a
 * {@code seealso} link to each. A pure function of the cluster, so the same records give the same
 * person whatever order they came in, and rewriting it unchanged is a no-op.
 */
public final class Persons {

  /** Tag of person records, so searches can ask for persons only ({@code _tag=...|person}). */
  public static final String PERSON_TAG = "person";

  /**
   * Identifier systems that identify a person, strongest first: records sharing a value of any of
   * them are the same person. The strongest one present names the cluster's anchor record.
   */
  public static final List<String> KEY_SYSTEMS =
      List.of(FhirSystems.RESIDENT_ID, FhirSystems.BIRTH_CERTIFICATE, LinkageKeys.BIRTH_EVENT);

  private Persons() {}

  public static boolean isPerson(Patient patient) {
    return patient.getMeta().getTag(FhirSystems.MCH_TAG, PERSON_TAG) != null;
  }

  /** The identifiers of {@code patient} that link it to other records of the same person. */
  public static List<Identifier> linkageKeys(Patient patient) {
    return patient.getIdentifier().stream()
        .filter(id -> id.hasValue() && KEY_SYSTEMS.contains(id.getSystem()))
        .toList();
  }

  /**
   * The id of the person record of a cluster: derived from its anchor, the member with the strongest
   * linkage key (ties: the smallest id). Source ids are keyed tokens already, so hashing one reveals
   * nothing.
   */
  public static String personId(Collection<Patient> members) {
    return ResourceIds.hashed("person\u001f" + ordered(members).get(0).getIdElement().getIdPart());
  }

  /** The person record of the cluster {@code members}. */
  public static Patient person(Collection<Patient> members) {
    List<Patient> ordered = ordered(members);
    Patient person = new Patient();
    person.setId(personId(members));
    person.getMeta().addProfile(FhirSystems.MCH_PATIENT_PROFILE);
    person.getMeta().addTag(new Coding(FhirSystems.MCH_TAG, PERSON_TAG, "Person record"));
    Map<String, Identifier> identifiers = new LinkedHashMap<>();
    Map<String, HumanName> names = new LinkedHashMap<>();
    Map<String, ContactPoint> telecoms = new LinkedHashMap<>();
    for (Patient member : ordered) {
      member.getIdentifier().forEach(id -> identifiers.putIfAbsent(id.getSystem() + "|" + id.getValue(), id.copy()));
      member.getName().forEach(name -> names.putIfAbsent(nameKey(name), name.copy()));
      member.getTelecom().forEach(t -> telecoms.putIfAbsent(t.getSystem() + "|" + t.getValue(), t.copy()));
    }
    person.setIdentifier(new ArrayList<>(identifiers.values()));
    person.setActive(true);
    person.setName(new ArrayList<>(names.values()));
    person.setTelecom(new ArrayList<>(telecoms.values()));
    person.setGender(
        ordered.stream().map(Patient::getGender)
            .filter(g -> g != null && g != AdministrativeGender.UNKNOWN && g != AdministrativeGender.NULL)
            .findFirst().orElse(AdministrativeGender.UNKNOWN));
    ordered.stream().filter(Patient::hasBirthDateElement).findFirst()
        .ifPresent(m -> person.setBirthDateElement(m.getBirthDateElement().copy()));
    ordered.stream().filter(Patient::hasMultipleBirth).findFirst()
        .ifPresent(m -> person.setMultipleBirth(m.getMultipleBirth().copy()));
    for (Patient member : ordered) {
      person.addLink().setType(LinkType.SEEALSO)
          .setOther(new Reference("Patient/" + member.getIdElement().getIdPart()));
    }
    return person;
  }

  /** Members strongest key first, then by id: the order every merge and the anchor follow. */
  static List<Patient> ordered(Collection<Patient> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("A person has at least one record");
    }
    return members.stream()
        .sorted(Comparator.comparingInt(Persons::strength).thenComparing(p -> p.getIdElement().getIdPart()))
        .toList();
  }

  private static int strength(Patient patient) {
    return linkageKeys(patient).stream()
        .mapToInt(id -> KEY_SYSTEMS.indexOf(id.getSystem()))
        .min().orElse(KEY_SYSTEMS.size());
  }

  private static String nameKey(HumanName name) {
    return name.hasExtension(FhirSystems.NAME_REPRESENTATION) + "|" + name.getText();
  }
}
