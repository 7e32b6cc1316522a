package cn.mch.mappings.identity;

import cn.mch.mappings.FhirSystems;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * Whether two source Patients are the same person, by rules a reviewer can read. In order:
 *
 * <ol>
 *   <li>both carry a key of the same kind (resident ID, certificate number, birth event) with
 *       different values: <b>no match</b>, never merged;
 *   <li>a shared key of those kinds: <b>match</b>;
 *   <li>different sex, birth date or minute of birth (twins): <b>no match</b>;
 *   <li>a shared mother's-name birth key (same sex, no conflicting key): <b>match</b>;
 *   <li>the same name in simplified script, the same birth date, and the same phone: <b>match</b>;
 *   <li>the same name in simplified script or in pinyin, and the same birth date: <b>possible
 *       match</b>, for a person to decide;
 *   <li>otherwise <b>no match</b>.
 * </ol>
 */
public final class MatchRules {

  public enum Outcome { MATCH, POSSIBLE_MATCH, NO_MATCH }

  private MatchRules() {}

  public static Outcome compare(Patient a, Patient b) {
    if (conflict(a, b)) {
      return Outcome.NO_MATCH;
    }
    for (String system : Persons.KEY_SYSTEMS) {
      if (values(a, system).stream().anyMatch(values(b, system)::contains)) {
        return Outcome.MATCH;
      }
    }
    if (differ(known(a.getGender()), known(b.getGender()))
        || differ(a.getBirthDateElement().getValueAsString(), b.getBirthDateElement().getValueAsString())
        || differ(birthMinute(a), birthMinute(b))) {
      return Outcome.NO_MATCH;
    }
    if (values(a, LinkageKeys.BIRTH_BY_MOTHER_NAME).stream().anyMatch(values(b, LinkageKeys.BIRTH_BY_MOTHER_NAME)::contains)) {
      return Outcome.MATCH;
    }
    if (!a.hasBirthDate() || !b.hasBirthDate()) {
      return Outcome.NO_MATCH;
    }
    boolean sameName = shareAny(hanNames(a), hanNames(b));
    if (sameName && shareAny(phones(a), phones(b))) {
      return Outcome.MATCH;
    }
    if (sameName || shareAny(pinyinNames(a), pinyinNames(b))) {
      return Outcome.POSSIBLE_MATCH;
    }
    return Outcome.NO_MATCH;
  }

  /** Rule 1: both carry a key of the same kind with different values. */
  public static boolean conflict(Patient a, Patient b) {
    for (String system : Persons.KEY_SYSTEMS) {
      Set<String> left = values(a, system);
      Set<String> right = values(b, system);
      if (!left.isEmpty() && !right.isEmpty() && left.stream().noneMatch(right::contains)) {
        return true;
      }
    }
    return false;
  }

  /** A short reason for a possible match, naming no personal data. */
  public static String reason(Patient a, Patient b) {
    return shareAny(hanNames(a), hanNames(b))
        ? "same name and birth date, no shared identifier"
        : "same name in pinyin and birth date, no shared identifier";
  }

  private static Set<String> values(Patient patient, String system) {
    return patient.getIdentifier().stream()
        .filter(id -> system.equals(id.getSystem()) && id.hasValue())
        .map(Identifier::getValue)
        .collect(Collectors.toSet());
  }

  private static Set<String> hanNames(Patient patient) {
    return patient.getName().stream()
        .filter(n -> !n.hasExtension(FhirSystems.NAME_REPRESENTATION) && n.hasText())
        .map(n -> NameForms.simplified(n.getText()))
        .collect(Collectors.toSet());
  }

  private static Set<String> pinyinNames(Patient patient) {
    return patient.getName().stream()
        .filter(n -> n.hasExtension(FhirSystems.NAME_REPRESENTATION) && n.hasText())
        .map(HumanName::getText)
        .map(NameForms::pinyinKey)
        .collect(Collectors.toSet());
  }

  private static Set<String> phones(Patient patient) {
    return patient.getTelecom().stream()
        .filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE && t.hasValue())
        .map(t -> t.getValue().replaceAll("\\D", ""))
        .collect(Collectors.toSet());
  }

  private static String birthMinute(Patient patient) {
    return Optional.ofNullable(patient.getBirthDateElement().getExtensionByUrl(FhirSystems.PATIENT_BIRTH_TIME))
        .map(e -> e.getValue().primitiveValue())
        .map(t -> t.length() >= 16 ? t.substring(0, 16) : t)
        .orElse(null);
  }

  private static String known(AdministrativeGender gender) {
    return gender == null || gender == AdministrativeGender.UNKNOWN || gender == AdministrativeGender.NULL ? null : gender.toCode();
  }

  private static boolean differ(String a, String b) {
    return a != null && b != null && !Objects.equals(a, b);
  }

  private static boolean shareAny(Set<String> a, Set<String> b) {
    return a.stream().anyMatch(b::contains);
  }
}
