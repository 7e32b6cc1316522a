package cn.mch.mappings.identity;

import cn.mch.mappings.FhirSystems;
import cn.mch.mappings.MappingException;
import cn.mch.mappings.ResourceIds;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Identifier.IdentifierUse;
import org.hl7.fhir.r4.model.Patient;

/**
 * Linkage keys: identifiers the platform derives so that records of one person in different
 * sources can be found to be the same, where the sources share no number. They are keyed tokens, so
 * they reveal nothing and are safe to search by.
 */
public final class LinkageKeys {

  /** A birth: the mother's resident ID and the minute of birth (twins are born minutes apart). */
  public static final String BIRTH_EVENT = FhirSystems.PLATFORM_BASE + "/sid/birth-event";

  /**
   * A weaker key of a birth: the mother's name (simplified script) and the minute of birth, for a
   * child whose mother's resident ID is missing or bad in one source. Links only by rule, when sex
   * and every other key agree ({@link MatchRules}).
   */
  public static final String BIRTH_BY_MOTHER_NAME = FhirSystems.PLATFORM_BASE + "/sid/birth-by-mother-name";

  private LinkageKeys() {}

  /** Adds the birth keys a child's record can carry: the birth event and the mother's-name key. */
  public static void addBirthKeys(Patient child, ResourceIds ids, String motherResidentId, String motherName,
      Instant birthTime) {
    for (Identifier key : new Identifier[] {
        birthEvent(ids, motherResidentId, birthTime), birthByMotherName(ids, motherName, birthTime)}) {
      if (key != null) {
        child.addIdentifier(key);
      }
    }
  }

  /** The mother's-name birth key of a child, or null without a name or time of birth. */
  public static Identifier birthByMotherName(ResourceIds ids, String motherName, Instant birthTime) {
    if (motherName == null || motherName.isBlank() || birthTime == null) {
      return null;
    }
    return new Identifier()
        .setUse(IdentifierUse.SECONDARY)
        .setSystem(BIRTH_BY_MOTHER_NAME)
        .setValue(ids.token("birth-by-mother-name", NameForms.simplified(motherName.strip()),
            birthTime.truncatedTo(ChronoUnit.MINUTES).toString()));
  }

  /**
   * The birth-event key of a child, or null when the mother's resident ID is missing or not valid
   * (the mother's own record is rejected for that; the child's is not, it just links less).
   */
  public static Identifier birthEvent(ResourceIds ids, String motherResidentId, Instant birthTime) {
    if (motherResidentId == null || motherResidentId.isBlank() || birthTime == null) {
      return null;
    }
    String mother;
    try {
      mother = ResidentId.parse(motherResidentId).value();
    } catch (MappingException invalid) {
      return null;
    }
    return new Identifier()
        .setUse(IdentifierUse.SECONDARY)
        .setSystem(BIRTH_EVENT)
        .setValue(ids.token("birth-event", mother, birthTime.truncatedTo(ChronoUnit.MINUTES).toString()));
  }
}
